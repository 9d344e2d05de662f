/**
 * A snapshot of every role (built-in and custom) with inheritance resolved: which grants each role holds
 * and through which role it got them. Immutable; rebuilt when custom roles change.
 */
import { AppError } from '../core/errors.js';
import { ADMIN_ROLE, BUILT_IN_ROLES, type RoleDefinition } from './built-in-roles.js';

/** One grant a role holds, and the role whose definition lists it (itself or an inherited role). */
export interface RoleGrant {
  grant: string;
  definedIn: string;
}

/** Resolved roles. */
export interface RoleBook {
  /** Role definition by name. */
  get(name: string): RoleDefinition | undefined;
  /** Every role, built-in first, then custom by name. */
  all(): readonly RoleDefinition[];
  /** The grants of a role including inherited ones (empty for an unknown role). */
  grantsOf(name: string): readonly RoleGrant[];
  /** The role and every role it inherits, transitively. */
  closureOf(name: string): ReadonlySet<string>;
}

/**
 * Build a book from custom roles. Throws E_VALIDATION when a role inherits an unknown role or inheritance loops,
 * so a bad definition is rejected before it is stored.
 */
export function createRoleBook(custom: readonly RoleDefinition[]): RoleBook {
  const byName = new Map<string, RoleDefinition>();
  for (const role of BUILT_IN_ROLES) byName.set(role.name, role);
  for (const role of [...custom].sort((a, b) => a.name.localeCompare(b.name))) {
    if (byName.has(role.name)) throw new AppError('E_CONFLICT', `Role "${role.name}" already exists.`);
    byName.set(role.name, role);
  }
  const closures = new Map<string, ReadonlySet<string>>();
  const closure = (name: string, path: readonly string[]): ReadonlySet<string> => {
    const known = closures.get(name);
    if (known) return known;
    if (path.includes(name)) {
      throw new AppError('E_VALIDATION', `Role inheritance loops: ${[...path, name].join(' → ')}.`, {
        issues: [{ path: 'inherits', message: 'inheritance loop' }],
      });
    }
    const role = byName.get(name);
    if (!role) throw new AppError('E_VALIDATION', `Role "${path.at(-1)}" inherits unknown role "${name}".`);
    const out = new Set<string>([name]);
    for (const parent of role.inherits) for (const r of closure(parent, [...path, name])) out.add(r);
    closures.set(name, out);
    return out;
  };
  const grants = new Map<string, readonly RoleGrant[]>();
  for (const name of byName.keys()) {
    const list: RoleGrant[] = [];
    for (const r of closure(name, [])) for (const grant of byName.get(r)?.permissions ?? []) list.push({ grant, definedIn: r });
    grants.set(name, list);
  }
  const all = [...byName.values()];
  return {
    get: (name) => byName.get(name),
    all: () => all,
    grantsOf: (name) => grants.get(name) ?? [],
    closureOf: (name) => closures.get(name) ?? new Set(),
  };
}

/** Does any of `roles` (with inheritance) include the admin role? */
export function holdsAdmin(book: RoleBook, roles: readonly string[]): boolean {
  return roles.some((r) => book.closureOf(r).has(ADMIN_ROLE));
}
