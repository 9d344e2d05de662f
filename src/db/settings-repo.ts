/**
 * Key/value settings stored as JSON: small runtime state that must survive restarts (e.g. bootstrap done, key ids).
 */
import type { Clock } from '../core/deps.js';
import type { Database } from './database.js';

export interface SettingsRepo {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  list(prefix?: string): Promise<Array<{ key: string; value: unknown; updatedAt: string }>>;
}

/** Settings over the `settings` table; values are JSON-encoded. */
export function createSettingsRepo(db: Database, clock: Clock): SettingsRepo {
  const k = db.kysely;
  return {
    async get<T>(key: string) {
      const row = await k.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async set(key, value) {
      const row = { key, value: JSON.stringify(value ?? null), updated_at: new Date(clock.now()).toISOString() };
      await k
        .insertInto('settings')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
        .execute();
    },
    async delete(key) {
      const result = await k.deleteFrom('settings').where('key', '=', key).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async list(prefix) {
      let q = k.selectFrom('settings').selectAll().orderBy('key');
      if (prefix) q = q.where('key', '>=', prefix).where('key', '<', `${prefix}\uffff`);
      const rows = await q.execute();
      return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value), updatedAt: r.updated_at }));
    },
  };
}
