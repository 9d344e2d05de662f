/**
 * Role administration as clients use it: list and read roles with their effective permissions, and create,
 * change or delete custom roles (`roles:write`, no escalation, audited).
 */
import type { z } from 'zod';
import { AppError } from '../core/errors.js';
import { type AuthCore, type CallContext, who } from './auth-core.js';
import type { RoleDefinition } from './built-in-roles.js';
import { decide } from './decide.js';
import { parseInput } from './parse-input.js';
import type { Principal } from './principal.js';
import { roleInputSchema } from './role-registry.js';

/** A role with its resolved permissions. */
export interface RoleView {
  name: string;
  description: string;
  builtIn: boolean;
  permissions: string[];
  inherits: string[];
  /** Own and inherited grants, de-duplicated. */
  effectivePermissions: string[];
}

/** Role administration. */
export interface RoleAdmin {
  list(actor: Principal): Promise<RoleView[]>;
  get(actor: Principal, name: string): Promise<RoleView>;
  create(actor: Principal, input: z.input<typeof roleInputSchema>, ctx?: CallContext): Promise<RoleView>;
  update(actor: Principal, input: z.input<typeof roleInputSchema>, ctx?: CallContext): Promise<RoleView>;
  delete(actor: Principal, name: string, ctx?: CallContext): Promise<void>;
}

/** The role admin over the shared core. */
export function createRoleAdmin(core: AuthCore): RoleAdmin {
  const allow = async (actor: Principal, permission: string) => {
    const d = decide(await core.roles.book(), actor, permission, undefined, { mfaRequiredForAdmins: core.config.mfa.requiredForAdmins });
    if (!d.allowed) throw new AppError(d.reason === 'mfa_required' ? 'E_MFA_REQUIRED' : 'E_FORBIDDEN', d.explanation);
  };
  const toView = async (role: RoleDefinition): Promise<RoleView> => {
    const book = await core.roles.book();
    return {
      name: role.name,
      description: role.description,
      builtIn: role.builtIn,
      permissions: [...role.permissions],
      inherits: [...role.inherits],
      effectivePermissions: [...new Set(book.grantsOf(role.name).map((g) => g.grant))],
    };
  };
  const audited = async <T>(actor: Principal, action: string, name: string, ctx: CallContext | undefined, fn: () => Promise<T>) => {
    try {
      const result = await fn();
      await core.audit({ action, outcome: 'success', principal: who(actor), target: `role:${name}` }, ctx);
      return result;
    } catch (e) {
      await core.audit(
        { action, outcome: 'denied', principal: who(actor), target: `role:${name}`, details: { code: (e as AppError).code } },
        ctx,
      );
      throw e;
    }
  };

  return {
    async list(actor) {
      await allow(actor, 'roles:read');
      return Promise.all((await core.roles.book()).all().map(toView));
    },
    async get(actor, name) {
      await allow(actor, 'roles:read');
      const role = (await core.roles.book()).get(name);
      if (!role) throw new AppError('E_NOT_FOUND', `No role "${name}".`);
      return toView(role);
    },
    async create(actor, raw, ctx) {
      await allow(actor, 'roles:write');
      const input = parseInput(roleInputSchema, raw);
      return toView(await audited(actor, 'auth.role.created', input.name, ctx, () => core.roles.create(actor, input)));
    },
    async update(actor, raw, ctx) {
      await allow(actor, 'roles:write');
      const input = parseInput(roleInputSchema, raw);
      return toView(await audited(actor, 'auth.role.updated', input.name, ctx, () => core.roles.update(actor, input)));
    },
    async delete(actor, name, ctx) {
      await allow(actor, 'roles:write');
      await audited(actor, 'auth.role.deleted', name, ctx, async () => core.roles.delete(name, await core.users.countWithRole(name)));
    },
  };
}
