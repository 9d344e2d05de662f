/**
 * The parts every auth service shares: config, repositories, hasher, tokens, revocations, role registry,
 * a short-lived user cache and the audit helper. Built once by createAuthService.
 */
import type { Config } from '../core/config/schema.js';
import type { Deps } from '../core/deps.js';
import type { Database } from '../db/database.js';
import type { PasswordHasher } from './password-hasher.js';
import type { AuditEvent, AuditSink, Principal } from './principal.js';
import type { RevocationList } from './revocation-list.js';
import type { RoleRegistry } from './role-registry.js';
import type { TokenService } from './token-service.js';
import type { UserRecord, UsersRepo } from './users-repo.js';

/** Where a call comes from, for the audit log. */
export interface CallContext {
  clientIp?: string | null | undefined;
  requestId?: string | null | undefined;
}

/** Shared internals of the auth services. */
export interface AuthCore {
  deps: Deps;
  config: Config['auth'];
  db: Database;
  users: UsersRepo;
  /** Users by id, cached for auth.cacheTtlMs (authentication reads it on every request). */
  userCache: UserCache;
  hasher: PasswordHasher;
  tokens: TokenService;
  revocations: RevocationList;
  roles: RoleRegistry;
  /** Record an audit event; a failing sink is logged, never fatal for the caller. */
  audit(event: AuditEvent, ctx?: CallContext): Promise<void>;
}

/** A read-through cache of users by id. */
export interface UserCache {
  get(id: string): Promise<UserRecord | undefined>;
  invalidate(id: string): void;
}

/** Create the user cache over the repo. */
export function createUserCache(users: UsersRepo, now: () => number, ttlMs: number): UserCache {
  const entries = new Map<string, { value: UserRecord | undefined; until: number }>();
  return {
    async get(id) {
      const hit = entries.get(id);
      if (hit && hit.until > now()) return hit.value;
      const value = await users.findById(id);
      if (ttlMs > 0) {
        if (entries.size >= 10_000) entries.clear();
        entries.set(id, { value, until: now() + ttlMs });
      }
      return value;
    },
    invalidate(id) {
      entries.delete(id);
    },
  };
}

/** Wrap a sink so audit failures are logged and swallowed, with call context filled in. */
export function auditWith(sink: AuditSink, deps: Deps): AuthCore['audit'] {
  return async (event, ctx) => {
    try {
      await sink.record({
        ...event,
        ...(ctx?.clientIp ? { clientIp: ctx.clientIp } : {}),
        ...(ctx?.requestId ? { requestId: ctx.requestId } : {}),
      });
    } catch (err) {
      deps.log.error({ err, action: event.action }, 'audit sink failed');
    }
  };
}

/** The audit `principal` field for a principal. */
export const who = (p: Principal | undefined) => (p ? { id: p.id, type: p.type } : null);
