/**
 * User administration: create, update, disable, delete, roles, password reset, unlock. Every change checks
 * `users:write`, refuses to grant (or take away) roles the actor could not grant, keeps the last enabled admin,
 * and is audited.
 */
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { type AuthCore, type CallContext, who } from './auth-core.js';
import { decide, notHeld } from './decide.js';
import { parseInput } from './parse-input.js';
import { assertPasswordAllowed } from './password-policy.js';
import type { Principal } from './principal.js';
import { roleNameSchema } from './role-registry.js';
import type { UserRecord } from './users-repo.js';

/** A username: 2–64 of a-z, 0-9, `.`, `_`, `-` (stored lower-case). */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'expected 2–64 characters of a-z, 0-9, ".", "_" and "-"')
  .describe('Login name (case-insensitive)');

/** Input of `users.create`. */
export const createUserSchema = z.strictObject({
  username: usernameSchema,
  password: z.string().min(1).max(4096).describe('Initial password (policy: auth.passwordPolicy)'),
  email: z.email().toLowerCase().optional(),
  displayName: z.string().trim().min(1).max(200).optional(),
  roles: z.array(roleNameSchema).max(20).default(['viewer']),
});

/** Input of `users.update`. */
export const updateUserSchema = z.strictObject({
  email: z.email().toLowerCase().nullable().optional(),
  displayName: z.string().trim().min(1).max(200).nullable().optional(),
  disabled: z.boolean().optional(),
});

/** A user as clients see it (no hash, no counters). */
export interface UserView {
  id: string;
  username: string;
  email: string | null;
  displayName: string | null;
  roles: string[];
  disabled: boolean;
  locked: boolean;
  lockedUntil: string | null;
  mfaEnabled: boolean;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

const isoOrNull = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** Project a record for clients. */
export function toUserView(u: UserRecord, now: number): UserView {
  const locked = u.lockedUntil !== undefined && u.lockedUntil > now;
  return {
    id: u.id,
    username: u.username,
    email: u.email ?? null,
    displayName: u.displayName ?? null,
    roles: u.roles,
    disabled: u.disabled,
    locked,
    lockedUntil: locked ? isoOrNull(u.lockedUntil) : null,
    mfaEnabled: u.mfaEnabled,
    createdAt: new Date(u.createdAt).toISOString(),
    updatedAt: new Date(u.updatedAt).toISOString(),
    lastLoginAt: isoOrNull(u.lastLoginAt),
  };
}

/** User administration. */
export interface UserService {
  create(actor: Principal, input: z.input<typeof createUserSchema>, ctx?: CallContext): Promise<UserView>;
  list(actor: Principal): Promise<UserView[]>;
  get(actor: Principal, id: string): Promise<UserView>;
  update(actor: Principal, id: string, patch: z.input<typeof updateUserSchema>, ctx?: CallContext): Promise<UserView>;
  delete(actor: Principal, id: string, ctx?: CallContext): Promise<void>;
  setRoles(actor: Principal, id: string, roles: readonly string[], ctx?: CallContext): Promise<UserView>;
  /** Set a new password (generated when omitted; returned once). Ends the user's sessions and clears a lockout. */
  resetPassword(actor: Principal, id: string, password?: string, ctx?: CallContext): Promise<{ password: string | undefined }>;
  unlock(actor: Principal, id: string, ctx?: CallContext): Promise<UserView>;
  /** Look a user up by id or username (for the CLI). */
  resolve(actor: Principal, idOrUsername: string): Promise<UserView>;
}

/** Generate a password that satisfies any policy (24 base64url characters, 144 bits). */
export function generatePassword(bytes: (n: number) => Buffer): string {
  return bytes(18).toString('base64url');
}

/** The user service over the shared core. */
export function createUserService(core: AuthCore): UserService {
  const { users, deps } = core;
  const now = () => deps.clock.now();

  const allow = async (actor: Principal, permission: string) => {
    const decision = decide(await core.roles.book(), actor, permission, undefined, {
      mfaRequiredForAdmins: core.config.mfa.requiredForAdmins,
    });
    if (!decision.allowed) throw new AppError(decision.reason === 'mfa_required' ? 'E_MFA_REQUIRED' : 'E_FORBIDDEN', decision.explanation);
  };
  const find = async (id: string) => {
    const user = await users.findById(id);
    if (!user) throw new AppError('E_NOT_FOUND', `No user with id "${id}".`);
    return user;
  };
  /** Roles must exist, and the actor must hold every grant of each role added or removed. */
  const assertMayChangeRoles = async (actor: Principal, changed: readonly string[]) => {
    const book = await core.roles.book();
    const unknown = changed.filter((r) => !book.get(r));
    if (unknown.length) throw new AppError('E_VALIDATION', `Unknown role(s): ${unknown.join(', ')}.`, { details: { unknown } });
    const missing = [...new Set(notHeld(book, actor, [...new Set(changed.flatMap((r) => book.grantsOf(r).map((g) => g.grant)))]))];
    if (missing.length) {
      throw new AppError('E_FORBIDDEN', `You cannot grant or remove roles with permissions you do not hold: ${missing.join(', ')}.`, {
        details: { missing },
      });
    }
  };
  const changed = async (id: string) => {
    core.userCache.invalidate(id);
    return toUserView(await find(id), now());
  };

  return {
    async create(actor, raw, ctx) {
      await allow(actor, 'users:write');
      const input = parseInput(createUserSchema, raw);
      await assertMayChangeRoles(actor, input.roles);
      assertPasswordAllowed(core.config.passwordPolicy, input.password, input);
      const id = deps.ids.uuid();
      await users.insert({
        id,
        username: input.username,
        email: input.email,
        displayName: input.displayName,
        passwordHash: await core.hasher.hash(input.password),
        roles: [...new Set(input.roles)],
        grantedBy: actor.id,
      });
      await core.audit(
        {
          action: 'auth.user.created',
          outcome: 'success',
          principal: who(actor),
          target: `user:${id}`,
          details: { username: input.username, roles: input.roles },
        },
        ctx,
      );
      return toUserView(await find(id), now());
    },
    async list(actor) {
      await allow(actor, 'users:read');
      return (await users.list()).map((u) => toUserView(u, now()));
    },
    async get(actor, id) {
      await allow(actor, 'users:read');
      return toUserView(await find(id), now());
    },
    async resolve(actor, idOrUsername) {
      await allow(actor, 'users:read');
      const user = (await users.findById(idOrUsername)) ?? (await users.findByLogin(idOrUsername));
      if (!user) throw new AppError('E_NOT_FOUND', `No user "${idOrUsername}".`);
      return toUserView(user, now());
    },
    async update(actor, id, raw, ctx) {
      await allow(actor, 'users:write');
      const patch = parseInput(updateUserSchema, raw);
      const before = await find(id);
      if (patch.disabled === true && before.roles.length) await assertMayChangeRoles(actor, before.roles);
      await users.update(id, {
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        // Disabling ends every session at once: tokens carry the version they were issued under.
        ...(patch.disabled === true ? { bumpTokenVersion: true } : {}),
      });
      const action = patch.disabled === true ? 'auth.user.disabled' : patch.disabled === false ? 'auth.user.enabled' : 'auth.user.updated';
      await core.audit(
        { action, outcome: 'success', principal: who(actor), target: `user:${id}`, details: { fields: Object.keys(patch) } },
        ctx,
      );
      return changed(id);
    },
    async delete(actor, id, ctx) {
      await allow(actor, 'users:write');
      const user = await find(id);
      await assertMayChangeRoles(actor, user.roles);
      await users.delete(id);
      core.userCache.invalidate(id);
      await core.audit(
        {
          action: 'auth.user.deleted',
          outcome: 'success',
          principal: who(actor),
          target: `user:${id}`,
          details: { username: user.username },
        },
        ctx,
      );
    },
    async setRoles(actor, id, roles, ctx) {
      await allow(actor, 'users:write');
      const user = await find(id);
      const next = [...new Set(roles)];
      const added = next.filter((r) => !user.roles.includes(r));
      const removed = user.roles.filter((r) => !next.includes(r));
      try {
        await assertMayChangeRoles(actor, [...added, ...removed]);
        await users.setRoles(id, next, actor.id);
      } catch (e) {
        await core.audit(
          {
            action: 'auth.user.roles_changed',
            outcome: 'denied',
            principal: who(actor),
            target: `user:${id}`,
            details: { added, removed },
          },
          ctx,
        );
        throw e;
      }
      await core.audit(
        { action: 'auth.user.roles_changed', outcome: 'success', principal: who(actor), target: `user:${id}`, details: { added, removed } },
        ctx,
      );
      return changed(id);
    },
    async resetPassword(actor, id, password, ctx) {
      await allow(actor, 'users:write');
      const user = await find(id);
      await assertMayChangeRoles(actor, user.roles);
      const chosen = password ?? generatePassword(deps.ids.bytes);
      assertPasswordAllowed(core.config.passwordPolicy, chosen, user);
      await users.update(id, {
        passwordHash: await core.hasher.hash(chosen),
        passwordChanged: true,
        bumpTokenVersion: true,
        lockedUntil: null,
        failedAttempts: 0,
      });
      core.userCache.invalidate(id);
      await core.audit({ action: 'auth.user.password_reset', outcome: 'success', principal: who(actor), target: `user:${id}` }, ctx);
      return { password: password === undefined ? chosen : undefined };
    },
    async unlock(actor, id, ctx) {
      await allow(actor, 'users:write');
      await find(id);
      await users.update(id, { lockedUntil: null, failedAttempts: 0 });
      await core.audit({ action: 'auth.user.unlocked', outcome: 'success', principal: who(actor), target: `user:${id}` }, ctx);
      return changed(id);
    },
  };
}
