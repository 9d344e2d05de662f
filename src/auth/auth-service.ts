/**
 * The auth capability as one service: `authenticate(credentials) → Principal`, `authorize(principal, permission,
 * resource?)`, and the user, role, session, API key and MFA services behind the REST routes and the CLI.
 */
import { join } from 'node:path';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import type { Redis } from '../db/redis.js';
import { type ApiKeyService, createApiKeyService } from './api-key-service.js';
import { type AuthCore, auditWith, createUserCache } from './auth-core.js';
import { type Credentials, credentialFromBearer } from './credentials.js';
import { type AuthzDecision, decide } from './decide.js';
import { type KeyRing, loadKeyRing } from './key-ring.js';
import { createMfaService, type MfaService } from './mfa-service.js';
import { createPasswordHasher } from './password-hasher.js';
import type { AuditSink, Principal } from './principal.js';
import { createRefreshTokensRepo } from './refresh-tokens-repo.js';
import { createRevocationList, familyEntry } from './revocation-list.js';
import { createRoleAdmin, type RoleAdmin } from './role-admin.js';
import { createRoleRegistry } from './role-registry.js';
import { createRolesRepo } from './roles-repo.js';
import { plainSecretBox, type SecretBox } from './secret-box.js';
import { createSessionService, type SessionService } from './session-service.js';
import { createTokenService } from './token-service.js';
import { createUserService, type UserService } from './user-service.js';
import { createUsersRepo } from './users-repo.js';

/** What the auth service is built from. */
export interface AuthServiceOptions {
  deps: Deps;
  db: Database;
  redis: Redis | undefined;
  audit: AuditSink;
  /** Protects TOTP secrets at rest: `totpSecretBox(services.security.secrets)`; default stores them as is (tests). */
  secretBox?: SecretBox;
}

/** Authentication, authorization and account administration. */
export interface AuthService {
  /**
   * Resolve credentials (or one bearer value: a JWT or `ce_…` API key) to a principal; throws E_UNAUTHENTICATED
   * (the message says why, without secrets). The HTTP hook, MCP over HTTP and the gateway all call this.
   */
  authenticate(credentials: Credentials | string): Promise<Principal>;
  /** May `principal` use `permission` (on `resource`)? The decision explains which role granted it or why not. */
  authorize(principal: Principal, permission: string, resource?: string): Promise<AuthzDecision>;
  /** Effective grants of a principal's roles, for `GET /api/auth/me`. */
  permissionsOf(principal: Principal): Promise<string[]>;
  users: UserService;
  roles: RoleAdmin;
  sessions: SessionService;
  keys: ApiKeyService;
  mfa: MfaService;
  /** The JWT signing keys (loaded on first use). */
  keyRing(): Promise<KeyRing>;
  /** Delete expired revocations and refresh tokens; returns how many rows went. Run at start and periodically. */
  purgeExpired(): Promise<{ revocations: number; refreshTokens: number }>;
  /** Shared internals (tests and the bootstrap use them). */
  core: AuthCore;
}

/**
 * Build the service. Nothing touches the database or the keys directory until first use.
 * @example const auth = createAuthService({ deps, db, redis, audit }); const p = await auth.authenticate({ type: 'bearer', token });
 */
export function createAuthService(options: AuthServiceOptions): AuthService {
  const { deps, db, redis } = options;
  const config = deps.config.auth;
  let ring: Promise<KeyRing> | undefined;
  const keyRing = () => {
    ring ??= loadKeyRing({
      dir: config.keysDir ?? join(deps.config.dataDir, 'keys'),
      algorithm: config.algorithm,
      configuredPem: config.signingKey,
      clock: deps.clock,
      retainSec: config.refreshTokenTtlSec + config.clockToleranceSec,
    }).catch((e) => {
      ring = undefined;
      throw e;
    });
    return ring;
  };
  const users = createUsersRepo(db, deps.clock);
  const core: AuthCore = {
    deps,
    config,
    db,
    users,
    userCache: createUserCache(users, () => deps.clock.now(), config.cacheTtlMs),
    hasher: createPasswordHasher(config.argon2, deps.ids),
    tokens: createTokenService({
      ring: keyRing,
      clock: deps.clock,
      ids: deps.ids,
      issuer: config.issuer,
      audience: config.audience,
      clockToleranceSec: config.clockToleranceSec,
    }),
    revocations: createRevocationList({ db, redis, clock: deps.clock, log: deps.log, cacheTtlMs: config.cacheTtlMs }),
    roles: createRoleRegistry(createRolesRepo(db, deps.clock), deps.clock, config.cacheTtlMs),
    audit: auditWith(options.audit, deps),
  };
  const mfa = createMfaService(core, options.secretBox ?? plainSecretBox);
  const refreshTokens = createRefreshTokensRepo(db, deps.clock);
  const keys = createApiKeyService(core);
  const sessionEnded = () => new AppError('E_UNAUTHENTICATED', 'The session has ended; log in again.');

  const authenticateToken = async (token: string): Promise<Principal> => {
    const claims = await core.tokens.verify('access', token);
    const revoked = claims.fam
      ? await core.revocations.isRevoked(claims.jti, familyEntry(claims.fam))
      : await core.revocations.isRevoked(claims.jti);
    if (revoked) throw new AppError('E_UNAUTHENTICATED', 'The token has been revoked.');
    const user = await core.userCache.get(claims.sub);
    if (!user || user.disabled || user.tokenVersion !== claims.ver) throw sessionEnded();
    return {
      id: user.id,
      type: 'user',
      name: user.username,
      roles: user.roles,
      credentialId: claims.jti,
      ...(claims.mfaAt !== undefined ? { mfaVerifiedAt: claims.mfaAt * 1000 } : {}),
    };
  };

  return {
    async authenticate(input) {
      const credentials = typeof input === 'string' ? credentialFromBearer(input) : input;
      if (credentials.type === 'api_key') return keys.authenticate(credentials.key);
      if (!credentials.token) throw new AppError('E_UNAUTHENTICATED', 'Send "Authorization: Bearer <token>".');
      return authenticateToken(credentials.token);
    },
    async authorize(principal, permission, resource) {
      return decide(await core.roles.book(), principal, permission, resource, { mfaRequiredForAdmins: config.mfa.requiredForAdmins });
    },
    async permissionsOf(principal) {
      const book = await core.roles.book();
      return [...new Set(principal.roles.flatMap((r) => book.grantsOf(r).map((g) => g.grant)))].sort();
    },
    users: createUserService(core),
    roles: createRoleAdmin(core),
    sessions: createSessionService(core, refreshTokens, mfa),
    keys,
    mfa,
    keyRing,
    async purgeExpired() {
      return { revocations: await core.revocations.purgeExpired(), refreshTokens: await refreshTokens.purgeExpired() };
    },
    core,
  };
}
