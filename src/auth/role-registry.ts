/**
 * The current RoleBook (built-in + custom roles), reloaded from the database when older than auth.cacheTtlMs,
 * and custom-role administration with the no-escalation rule: nobody creates a role granting more than they hold.
 */
import { z } from 'zod';
import type { Clock } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { BUILT_IN_ROLE_NAMES, type RoleDefinition } from './built-in-roles.js';
import { notHeld } from './decide.js';
import { permissionSchema } from './permission.js';
import type { Principal } from './principal.js';
import { createRoleBook, type RoleBook } from './role-book.js';
import type { RolesRepo } from './roles-repo.js';

/** A role name: lower-case letters, digits, `_` and `-`. */
export const roleNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,63}$/, 'expected 2–64 characters of a-z, 0-9, _ and -, starting with a letter')
  .describe('Role name, e.g. "deployer"');

/** Input of a custom role. */
export const roleInputSchema = z.strictObject({
  name: roleNameSchema,
  description: z.string().max(500).default(''),
  permissions: z.array(permissionSchema).max(200).default([]),
  inherits: z.array(roleNameSchema).max(20).default([]),
});

/** Parsed custom role input. */
export type RoleInput = z.infer<typeof roleInputSchema>;

/** The role book and custom role changes. */
export interface RoleRegistry {
  /** The current book (reloaded when stale). */
  book(): Promise<RoleBook>;
  /** Forget the cached book (after a change here). */
  invalidate(): void;
  create(actor: Principal, input: RoleInput): Promise<RoleDefinition>;
  update(actor: Principal, input: RoleInput): Promise<RoleDefinition>;
  /** Delete a custom role that nobody holds or inherits. */
  delete(name: string, holders: number): Promise<void>;
}

/** A registry over the roles repo. */
export function createRoleRegistry(repo: RolesRepo, clock: Clock, ttlMs: number): RoleRegistry {
  let cached: { book: RoleBook; custom: RoleDefinition[]; at: number } | undefined;
  let loading: Promise<{ book: RoleBook; custom: RoleDefinition[]; at: number }> | undefined;

  const load = async () => {
    if (cached && clock.now() - cached.at < Math.max(ttlMs, 1)) return cached;
    loading ??= (async () => {
      try {
        const custom = await repo.list();
        cached = { book: createRoleBook(custom), custom, at: clock.now() };
        return cached;
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  };

  /** Validate a candidate set of custom roles and check the actor holds what `role` would grant. */
  const check = async (actor: Principal, role: RoleDefinition, others: readonly RoleDefinition[]) => {
    const current = (await load()).book;
    const candidate = createRoleBook([...others, role]);
    const granted = candidate.grantsOf(role.name).map((g) => g.grant);
    const missing = notHeld(current, actor, granted);
    if (missing.length > 0) {
      throw new AppError('E_FORBIDDEN', `You cannot grant permissions you do not hold: ${missing.join(', ')}.`, {
        details: { missing },
      });
    }
  };

  const toDefinition = (input: RoleInput): RoleDefinition => ({
    name: input.name,
    description: input.description,
    permissions: [...new Set(input.permissions)],
    inherits: [...new Set(input.inherits)],
    builtIn: false,
  });

  return {
    book: async () => (await load()).book,
    invalidate() {
      cached = undefined;
    },
    async create(actor, input) {
      if (BUILT_IN_ROLE_NAMES.has(input.name)) throw new AppError('E_CONFLICT', `"${input.name}" is a built-in role.`);
      const role = toDefinition(input);
      const { custom } = await load();
      if (custom.some((r) => r.name === role.name)) throw new AppError('E_CONFLICT', `Role "${role.name}" already exists.`);
      await check(actor, role, custom);
      await repo.insert(role);
      cached = undefined;
      return role;
    },
    async update(actor, input) {
      if (BUILT_IN_ROLE_NAMES.has(input.name)) throw new AppError('E_CONFLICT', `Built-in role "${input.name}" cannot be changed.`);
      const role = toDefinition(input);
      cached = undefined;
      const { custom } = await load();
      if (!custom.some((r) => r.name === role.name)) throw new AppError('E_NOT_FOUND', `No role "${role.name}".`);
      await check(
        actor,
        role,
        custom.filter((r) => r.name !== role.name),
      );
      await repo.update(role);
      cached = undefined;
      return role;
    },
    async delete(name, holders) {
      if (BUILT_IN_ROLE_NAMES.has(name)) throw new AppError('E_CONFLICT', `Built-in role "${name}" cannot be deleted.`);
      cached = undefined;
      const { custom } = await load();
      if (!custom.some((r) => r.name === name)) throw new AppError('E_NOT_FOUND', `No role "${name}".`);
      const heirs = custom.filter((r) => r.inherits.includes(name)).map((r) => r.name);
      if (heirs.length > 0) throw new AppError('E_CONFLICT', `Role "${name}" is inherited by ${heirs.join(', ')}; change those first.`);
      if (holders > 0) throw new AppError('E_CONFLICT', `Role "${name}" is held by ${holders} user(s); remove it from them first.`);
      await repo.delete(name);
      cached = undefined;
    },
  };
}
