/**
 * Who answers for a principal: a user for themselves and for every API key they own, a service for itself. An
 * approver is compared by this, so nobody approves their own request through a second key, and a person counts
 * once towards a quorum however many credentials they hold.
 */
import '../../auth/tables.js';
import type { Principal } from '../../auth/principal.js';
import type { Database } from '../../db/database.js';

/** Resolve a principal to its accountable party: `user:<id>` or `service:<id>`. */
export type Accountable = (principal: Principal) => Promise<string>;

/**
 * Accountable parties from the database: API keys resolve to their owner (an unknown key stays `api_key:<id>`).
 * @example const key = await createAccountable(db)(principal) // 'user:42'
 */
export function createAccountable(db: Database): Accountable {
  return async function accountable(principal) {
    if (principal.type !== 'api_key') return `${principal.type}:${principal.id}`;
    const row = await db.kysely.selectFrom('api_keys').select('user_id').where('id', '=', principal.id).executeTakeFirst();
    return row ? `user:${row.user_id}` : `api_key:${principal.id}`;
  };
}
