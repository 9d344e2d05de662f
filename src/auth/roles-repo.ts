/**
 * Custom roles in the database (built-in roles live in code and are never stored).
 */
import type { Clock } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import type { RoleDefinition } from './built-in-roles.js';
import { isUniqueViolation } from './users-repo.js';
import './tables.js';

/** Custom role persistence. */
export interface RolesRepo {
  list(): Promise<RoleDefinition[]>;
  /** Insert; E_CONFLICT when the name exists. */
  insert(role: RoleDefinition): Promise<void>;
  /** Replace description, permissions and inherits; false when absent. */
  update(role: RoleDefinition): Promise<boolean>;
  delete(name: string): Promise<boolean>;
}

/** Roles over the shared database. */
export function createRolesRepo(db: Database, clock: Clock): RolesRepo {
  const k = db.kysely;
  return {
    async list() {
      const rows = await k.selectFrom('roles').selectAll().orderBy('name').execute();
      return rows.map((r) => ({
        name: r.name,
        description: r.description,
        permissions: JSON.parse(r.permissions) as string[],
        inherits: JSON.parse(r.inherits) as string[],
        builtIn: false,
      }));
    },
    async insert(role) {
      const now = new Date(clock.now()).toISOString();
      try {
        await k
          .insertInto('roles')
          .values({
            name: role.name,
            description: role.description,
            permissions: JSON.stringify(role.permissions),
            inherits: JSON.stringify(role.inherits),
            created_at: now,
            updated_at: now,
          })
          .execute();
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('E_CONFLICT', `Role "${role.name}" already exists.`, { cause: e });
        throw e;
      }
    },
    async update(role) {
      const result = await k
        .updateTable('roles')
        .set({
          description: role.description,
          permissions: JSON.stringify(role.permissions),
          inherits: JSON.stringify(role.inherits),
          updated_at: new Date(clock.now()).toISOString(),
        })
        .where('name', '=', role.name)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(name) {
      const result = await k.deleteFrom('roles').where('name', '=', name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
