/**
 * Sessions: password login (→ tokens, or an MFA challenge), the MFA step, refresh with rotation and reuse
 * detection, logout and password change. Failures look the same for unknown users and wrong passwords:
 * same status, same message, one argon2 verification each, and unknown names "lock" like real ones.
 */
import { AppError } from '../core/errors.js';
import { type AuthCore, type CallContext, who } from './auth-core.js';
import type { MfaService } from './mfa-service.js';
import { assertPasswordAllowed } from './password-policy.js';
import type { Principal } from './principal.js';
import type { RefreshTokensRepo } from './refresh-tokens-repo.js';
import { familyEntry } from './revocation-list.js';
import type { UserRecord } from './users-repo.js';

/** Tokens of a session. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** Seconds until the refresh token expires. */
  refreshExpiresIn: number;
}

/** The outcome of the password step. */
export type LoginResult =
  | { status: 'authenticated'; tokens: TokenPair; user: { id: string; username: string } }
  | { status: 'mfa_required'; mfaToken: string; expiresIn: number };

/** Session operations. */
export interface SessionService {
  login(username: string, password: string, ctx?: CallContext): Promise<LoginResult>;
  loginMfa(mfaToken: string, code: string, ctx?: CallContext): Promise<TokenPair>;
  refresh(refreshToken: string, ctx?: CallContext): Promise<TokenPair>;
  /** Revoke the access token and its whole session (and the refresh token's session, when given). */
  logout(accessToken: string, refreshToken?: string, ctx?: CallContext): Promise<void>;
  /** Change the caller's password; ends every session and returns fresh tokens for this one. */
  changePassword(principal: Principal, current: string, next: string, ctx?: CallContext): Promise<TokenPair>;
  /** A new session for a user (after MFA confirmation, so the new factor counts at once). */
  issue(user: UserRecord, mfaAt: number | undefined): Promise<TokenPair>;
}

const INVALID_LOGIN = 'Invalid username or password.';
const LOCKED = 'Too many failed attempts; the account is locked for a while. Try again later or ask an admin to unlock it.';
const MAX_PHANTOMS = 10_000;

/** The session service. */
export function createSessionService(core: AuthCore, refreshTokens: RefreshTokensRepo, mfa: MfaService): SessionService {
  const { clock, ids } = core.deps;
  const { accessTokenTtlSec, refreshTokenTtlSec, lockout } = core.config;
  /** Failed logins for names that do not exist, so they lock exactly like real accounts (no enumeration). */
  const phantoms = new Map<string, { failures: number; lockedUntil: number }>();

  const phantomFailure = (name: string): boolean => {
    const now = clock.now();
    const entry = phantoms.get(name) ?? { failures: 0, lockedUntil: 0 };
    if (entry.lockedUntil > now) return true;
    entry.failures += 1;
    if (entry.failures >= lockout.maxAttempts) {
      entry.failures = 0;
      entry.lockedUntil = now + lockout.durationSec * 1000;
    }
    if (phantoms.size >= MAX_PHANTOMS && !phantoms.has(name)) phantoms.clear();
    phantoms.set(name, entry);
    return entry.lockedUntil > now;
  };

  const issue = async (user: UserRecord, mfaAt: number | undefined, family?: string): Promise<TokenPair> => {
    const fam = family ?? ids.uuid();
    const subject = { sub: user.id, ver: user.tokenVersion, fam, ...(mfaAt !== undefined ? { mfaAt } : {}) };
    const access = await core.tokens.sign('access', subject, accessTokenTtlSec);
    const refresh = await core.tokens.sign('refresh', subject, refreshTokenTtlSec);
    await refreshTokens.insert({ jti: refresh.jti, familyId: fam, userId: user.id, expiresAt: refresh.expiresAt });
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      tokenType: 'Bearer',
      expiresIn: accessTokenTtlSec,
      refreshExpiresIn: refreshTokenTtlSec,
    };
  };

  /** Count a failure against a real account; audit the lockout when it happens. Returns the error to throw. */
  const fail = async (
    user: UserRecord,
    action: string,
    ctx: CallContext | undefined,
    reason: string,
    message: string,
    code: 'E_UNAUTHENTICATED' | 'E_FORBIDDEN' = 'E_UNAUTHENTICATED',
  ) => {
    const { locked } = await core.users.recordFailure(user.id, lockout.maxAttempts, clock.now() + lockout.durationSec * 1000);
    core.userCache.invalidate(user.id);
    await core.audit(
      { action, outcome: 'failure', principal: { id: user.id, type: 'user' }, target: `user:${user.id}`, details: { reason } },
      ctx,
    );
    if (locked) {
      await core.audit(
        {
          action: 'auth.lockout',
          outcome: 'success',
          principal: { id: user.id, type: 'user' },
          target: `user:${user.id}`,
          details: { durationSec: lockout.durationSec },
        },
        ctx,
      );
      return new AppError('E_LOCKED', LOCKED);
    }
    return new AppError(code, message);
  };

  const succeed = async (user: UserRecord) => {
    await core.users.update(user.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: clock.now() });
    core.userCache.invalidate(user.id);
  };

  const revokeSession = async (fam: string, reason: string) => {
    await refreshTokens.revokeFamily(fam);
    await core.revocations.revoke(familyEntry(fam), clock.now() + refreshTokenTtlSec * 1000, reason);
  };

  const sessionUser = async (sub: string, ver: number) => {
    const user = await core.users.findById(sub);
    if (!user || user.disabled || user.tokenVersion !== ver)
      throw new AppError('E_UNAUTHENTICATED', 'The session has ended; log in again.');
    return user;
  };

  return {
    issue: (user, mfaAt) => issue(user, mfaAt),
    async login(username, password, ctx) {
      const name = username.trim().toLowerCase();
      const user = await core.users.findByLogin(name);
      if (!user) {
        await core.hasher.burn(password);
        const locked = phantomFailure(name);
        await core.audit(
          { action: 'auth.login', outcome: 'failure', target: `username:${name.slice(0, 64)}`, details: { reason: 'unknown_user' } },
          ctx,
        );
        throw new AppError(locked ? 'E_LOCKED' : 'E_UNAUTHENTICATED', locked ? LOCKED : INVALID_LOGIN);
      }
      const ok = await core.hasher.verify(user.passwordHash, password);
      if (user.lockedUntil !== undefined && user.lockedUntil > clock.now()) {
        await core.audit(
          {
            action: 'auth.login',
            outcome: 'denied',
            principal: { id: user.id, type: 'user' },
            target: `user:${user.id}`,
            details: { reason: 'locked' },
          },
          ctx,
        );
        throw new AppError('E_LOCKED', LOCKED);
      }
      if (!ok) throw await fail(user, 'auth.login', ctx, 'wrong_password', INVALID_LOGIN);
      if (user.disabled) {
        await core.audit(
          {
            action: 'auth.login',
            outcome: 'denied',
            principal: { id: user.id, type: 'user' },
            target: `user:${user.id}`,
            details: { reason: 'disabled' },
          },
          ctx,
        );
        throw new AppError('E_UNAUTHENTICATED', INVALID_LOGIN);
      }
      if (core.hasher.needsRehash(user.passwordHash)) {
        await core.users.update(user.id, { passwordHash: await core.hasher.hash(password) });
      }
      if (user.mfaEnabled) {
        // Failures are reset only after the second factor, so a known password does not reset the code lockout.
        const challenge = await core.tokens.sign('mfa', { sub: user.id, ver: user.tokenVersion }, core.config.mfaChallengeTtlSec);
        await core.audit(
          { action: 'auth.login.mfa_challenge', outcome: 'success', principal: { id: user.id, type: 'user' }, target: `user:${user.id}` },
          ctx,
        );
        return { status: 'mfa_required', mfaToken: challenge.token, expiresIn: core.config.mfaChallengeTtlSec };
      }
      await succeed(user);
      await core.audit(
        { action: 'auth.login', outcome: 'success', principal: { id: user.id, type: 'user' }, target: `user:${user.id}` },
        ctx,
      );
      return { status: 'authenticated', tokens: await issue(user, undefined), user: { id: user.id, username: user.username } };
    },
    async loginMfa(mfaToken, code, ctx) {
      const claims = await core.tokens.verify('mfa', mfaToken);
      if (await core.revocations.isRevoked(claims.jti))
        throw new AppError('E_UNAUTHENTICATED', 'The MFA challenge was already used; log in again.');
      const user = await sessionUser(claims.sub, claims.ver);
      if (user.lockedUntil !== undefined && user.lockedUntil > clock.now()) throw new AppError('E_LOCKED', LOCKED);
      const result = await mfa.verifyCode(user.id, code);
      if (!result.ok) throw await fail(user, 'auth.login.mfa', ctx, `wrong_${result.method}_code`, 'The code is wrong.');
      await core.revocations.revoke(claims.jti, claims.expiresAt, 'mfa_challenge_used');
      await succeed(user);
      await core.audit(
        {
          action: 'auth.login.mfa',
          outcome: 'success',
          principal: { id: user.id, type: 'user' },
          target: `user:${user.id}`,
          details: { method: result.method },
        },
        ctx,
      );
      return issue(user, Math.floor(clock.now() / 1000));
    },
    async refresh(refreshToken, ctx) {
      const claims = await core.tokens.verify('refresh', refreshToken);
      const row = await refreshTokens.find(claims.jti);
      if (!row || row.revokedAt !== undefined || !claims.fam || row.familyId !== claims.fam) {
        throw new AppError('E_UNAUTHENTICATED', 'The refresh token is revoked or unknown; log in again.');
      }
      if (!(await refreshTokens.spend(claims.jti))) {
        // A refresh token is single-use: a second use means it leaked, so the whole session dies.
        await revokeSession(claims.fam, 'refresh_token_reuse');
        await core.audit(
          { action: 'auth.token.reuse', outcome: 'failure', principal: { id: claims.sub, type: 'user' }, target: `session:${claims.fam}` },
          ctx,
        );
        throw new AppError('E_UNAUTHENTICATED', 'The refresh token was already used; the session is revoked. Log in again.');
      }
      if (await core.revocations.isRevoked(claims.jti, familyEntry(claims.fam))) {
        throw new AppError('E_UNAUTHENTICATED', 'The session is revoked; log in again.');
      }
      const user = await sessionUser(claims.sub, claims.ver);
      const tokens = await issue(user, claims.mfaAt, claims.fam);
      await core.audit(
        { action: 'auth.token.refreshed', outcome: 'success', principal: { id: user.id, type: 'user' }, target: `session:${claims.fam}` },
        ctx,
      );
      return tokens;
    },
    async logout(accessToken, refreshToken, ctx) {
      const access = await core.tokens.verify('access', accessToken);
      await core.revocations.revoke(access.jti, access.expiresAt, 'logout');
      if (access.fam) await revokeSession(access.fam, 'logout');
      if (refreshToken) {
        const refresh = await core.tokens.verify('refresh', refreshToken).catch(() => undefined);
        if (refresh?.fam && refresh.sub === access.sub && refresh.fam !== access.fam) await revokeSession(refresh.fam, 'logout');
      }
      await core.audit(
        {
          action: 'auth.logout',
          outcome: 'success',
          principal: { id: access.sub, type: 'user' },
          target: `session:${access.fam ?? access.jti}`,
        },
        ctx,
      );
    },
    async changePassword(principal, current, next, ctx) {
      const user = principal.type === 'user' ? await core.users.findById(principal.id) : undefined;
      if (!user) throw new AppError('E_FORBIDDEN', 'Only user accounts have passwords.');
      if (!(await core.hasher.verify(user.passwordHash, current)))
        throw await fail(user, 'auth.password.changed', ctx, 'wrong_password', 'The current password is wrong.', 'E_FORBIDDEN');
      assertPasswordAllowed(core.config.passwordPolicy, next, user, 'newPassword');
      if (current === next)
        throw new AppError('E_VALIDATION', 'The new password must differ from the current one.', {
          issues: [{ path: 'newPassword', message: 'unchanged' }],
        });
      await core.users.update(user.id, {
        passwordHash: await core.hasher.hash(next),
        passwordChanged: true,
        bumpTokenVersion: true,
        failedAttempts: 0,
      });
      core.userCache.invalidate(user.id);
      await core.audit({ action: 'auth.password.changed', outcome: 'success', principal: who(principal), target: `user:${user.id}` }, ctx);
      const fresh = await core.users.findById(user.id);
      return issue(fresh as UserRecord, principal.mfaVerifiedAt === undefined ? undefined : Math.floor(principal.mfaVerifiedAt / 1000));
    },
  };
}
