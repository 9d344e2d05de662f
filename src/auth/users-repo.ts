/**
 * Users and their roles in the database. Changes that could remove the last enabled admin run in a
 * transaction that re-counts admins before committing (rows locked on PostgreSQL).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Clock } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/tables.js';
import { ADMIN_ROLE } from './built-in-roles.js';
import type { UsersTable } from './tables.js';
import './tables.js';

/** A user as the services see it. Times are epoch ms. */
export interface UserRecord {
  id: string;
  username: string;
  email: string | undefined;
  displayName: string | undefined;
  passwordHash: string;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: number | undefined;
  tokenVersion: number;
  mfaEnabled: boolean;
  roles: string[];
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | undefined;
  passwordChangedAt: number;
}

/** What creating a user needs. */
export interface NewUser {
  id: string;
  username: string;
  email?: string | undefined;
  displayName?: string | undefined;
  passwordHash: string;
  roles: readonly string[];
  grantedBy: string | null;
}

/** Fields an update may change. */
export interface UserPatch {
  email?: string | null;
  displayName?: string | null;
  passwordHash?: string;
  disabled?: boolean;
  bumpTokenVersion?: boolean;
  lockedUntil?: number | null;
  failedAttempts?: number;
  mfaEnabled?: boolean;
  lastLoginAt?: number;
  passwordChanged?: boolean;
}

/** The users table and user_roles. */
export interface UsersRepo {
  count(): Promise<number>;
  findById(id: string): Promise<UserRecord | undefined>;
  /** By username or email (case-insensitive). */
  findByLogin(identifier: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  /** Insert; E_CONFLICT when the username or email is taken. */
  insert(user: NewUser): Promise<void>;
  /** Apply a patch; false when there is no such user. Guards the last admin when `disabled: true`. */
  update(id: string, patch: UserPatch): Promise<boolean>;
  /** Replace the user's roles; E_CONFLICT if that would leave no enabled admin. */
  setRoles(id: string, roles: readonly string[], grantedBy: string | null): Promise<void>;
  /** Delete; E_CONFLICT if that would leave no enabled admin. */
  delete(id: string): Promise<boolean>;
  /** Count one failed login atomically; locks the account (and resets the counter) at `maxAttempts`. */
  recordFailure(id: string, maxAttempts: number, lockUntil: number): Promise<{ locked: boolean }>;
  /** Number of users holding `role` directly. */
  countWithRole(role: string): Promise<number>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (text: string) => Date.parse(text);
const msOrUndefined = (text: string | null) => (text === null ? undefined : Date.parse(text));

/** True when `e` is a unique-constraint violation on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

function toRecord(row: Selectable<UsersTable>, roles: string[]): UserRecord {
  return {
    id: row.id,
    username: row.username,
    email: row.email ?? undefined,
    displayName: row.display_name ?? undefined,
    passwordHash: row.password_hash,
    disabled: row.disabled === 1,
    failedAttempts: row.failed_attempts,
    lockedUntil: msOrUndefined(row.locked_until),
    tokenVersion: row.token_version,
    mfaEnabled: row.mfa_enabled === 1,
    roles,
    createdAt: ms(row.created_at),
    updatedAt: ms(row.updated_at),
    lastLoginAt: msOrUndefined(row.last_login_at),
    passwordChangedAt: ms(row.password_changed_at),
  };
}

/** Users over the shared database. */
export function createUsersRepo(db: Database, clock: Clock): UsersRepo {
  const k = db.kysely;

  const rolesOf = async (ex: Kysely<Tables>, ids: readonly string[]): Promise<Map<string, string[]>> => {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    const rows = await ex.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', ids).orderBy('role').execute();
    for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.role]);
    return out;
  };
  const one = async (row: Selectable<UsersTable> | undefined) =>
    row ? toRecord(row, (await rolesOf(k, [row.id])).get(row.id) ?? []) : undefined;

  /** Run `fn` in a transaction that fails with E_CONFLICT when no enabled admin remains afterwards. */
  const guarded = <T>(fn: (trx: Transaction<Tables>) => Promise<T>): Promise<T> =>
    k.transaction().execute(async (trx) => {
      if (db.dialect === 'postgres') {
        // Serialize admin-affecting changes: two admins demoting each other at once must not both succeed.
        await trx.selectFrom('user_roles').select('user_id').where('role', '=', ADMIN_ROLE).forUpdate().execute();
      }
      const before = await countEnabledAdmins(trx);
      const result = await fn(trx);
      if (before > 0 && (await countEnabledAdmins(trx)) === 0) {
        throw new AppError('E_CONFLICT', 'This would remove the last enabled admin. Make another user admin first.');
      }
      return result;
    });

  const countEnabledAdmins = async (ex: Kysely<Tables>) => {
    const row = await ex
      .selectFrom('user_roles')
      .innerJoin('users', 'users.id', 'user_roles.user_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_roles.role', '=', ADMIN_ROLE)
      .where('users.disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  return {
    async count() {
      const row = await k
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async findById(id) {
      return one(await k.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst());
    },
    async findByLogin(identifier) {
      const norm = identifier.trim().toLowerCase();
      const row = await k
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb('username', '=', norm), eb('email', '=', norm)]))
        .orderBy('username')
        .executeTakeFirst();
      return one(row);
    },
    async list() {
      const rows = await k.selectFrom('users').selectAll().orderBy('username').execute();
      const roles = await rolesOf(
        k,
        rows.map((r) => r.id),
      );
      return rows.map((r) => toRecord(r, roles.get(r.id) ?? []));
    },
    async insert(user) {
      const now = iso(clock.now());
      try {
        await k.transaction().execute(async (trx) => {
          await trx
            .insertInto('users')
            .values({
              id: user.id,
              username: user.username,
              email: user.email ?? null,
              display_name: user.displayName ?? null,
              password_hash: user.passwordHash,
              disabled: 0,
              failed_attempts: 0,
              locked_until: null,
              token_version: 0,
              mfa_enabled: 0,
              created_at: now,
              updated_at: now,
              last_login_at: null,
              password_changed_at: now,
            })
            .execute();
          if (user.roles.length > 0) {
            await trx
              .insertInto('user_roles')
              .values(user.roles.map((role) => ({ user_id: user.id, role, granted_at: now, granted_by: user.grantedBy })))
              .execute();
          }
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('E_CONFLICT', 'A user with this username or email already exists.', { cause: e });
        throw e;
      }
    },
    async update(id, patch) {
      const now = clock.now();
      const run = async (ex: Kysely<Tables>) => {
        const result = await ex
          .updateTable('users')
          .set((eb) => ({
            updated_at: iso(now),
            ...(patch.email !== undefined ? { email: patch.email } : {}),
            ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
            ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
            ...(patch.passwordChanged ? { password_changed_at: iso(now) } : {}),
            ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
            ...(patch.bumpTokenVersion ? { token_version: eb('token_version', '+', 1) } : {}),
            ...(patch.lockedUntil !== undefined ? { locked_until: patch.lockedUntil === null ? null : iso(patch.lockedUntil) } : {}),
            ...(patch.failedAttempts !== undefined ? { failed_attempts: patch.failedAttempts } : {}),
            ...(patch.mfaEnabled !== undefined ? { mfa_enabled: patch.mfaEnabled ? 1 : 0 } : {}),
            ...(patch.lastLoginAt !== undefined ? { last_login_at: iso(patch.lastLoginAt) } : {}),
          }))
          .where('id', '=', id)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) > 0;
      };
      try {
        return patch.disabled === true ? await guarded(run) : await run(k);
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('E_CONFLICT', 'Another user already has this email.', { cause: e });
        throw e;
      }
    },
    async setRoles(id, roles, grantedBy) {
      const now = iso(clock.now());
      await guarded(async (trx) => {
        await trx.deleteFrom('user_roles').where('user_id', '=', id).execute();
        if (roles.length > 0) {
          await trx
            .insertInto('user_roles')
            .values([...new Set(roles)].map((role) => ({ user_id: id, role, granted_at: now, granted_by: grantedBy })))
            .execute();
        }
        await trx.updateTable('users').set({ updated_at: now }).where('id', '=', id).execute();
      });
    },
    async delete(id) {
      return guarded(async (trx) => {
        const result = await trx.deleteFrom('users').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
    async recordFailure(id, maxAttempts, lockUntil) {
      return k.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
          .where('id', '=', id)
          .execute();
        const row = await trx.selectFrom('users').select('failed_attempts').where('id', '=', id).executeTakeFirst();
        if (!row || row.failed_attempts < maxAttempts) return { locked: false };
        await trx
          .updateTable('users')
          .set({ failed_attempts: 0, locked_until: iso(lockUntil) })
          .where('id', '=', id)
          .execute();
        return { locked: true };
      });
    },
    async countWithRole(role) {
      const row = await k
        .selectFrom('user_roles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', role)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
