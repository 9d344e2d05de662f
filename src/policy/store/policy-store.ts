/**
 * Where managed policy state lives: user rules in `policy_rules`, runtime axiom switches and a change stamp in
 * `settings`. Every write changes the stamp, so replicas notice changes with one cheap read.
 */
import type { Clock, Ids } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { createSettingsRepo } from '../../db/settings-repo.js';
import type { Rule } from '../rules/rule-schema.js';
import { ruleSchema } from '../rules/rule-schema.js';
import './migrations.js';

/** A rule with its bookkeeping. */
export interface StoredRule {
  rule: Rule;
  revision: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

/** A runtime switch of one axiom (overrides policy.axioms.* config). */
export interface AxiomOverride {
  enabled?: boolean;
  dryRun?: boolean;
  updatedAt: string;
  updatedBy: string;
}

/** Managed policy state. */
export interface PolicyStore {
  /** Changes whenever rules or axiom switches change (any replica). */
  stamp(): Promise<string | undefined>;
  listRules(): Promise<StoredRule[]>;
  getRule(id: string): Promise<StoredRule | undefined>;
  /** Throws E_CONFLICT when the id exists. */
  insertRule(rule: Rule, by: string): Promise<StoredRule>;
  /** Throws E_NOT_FOUND, or E_CONFLICT when `expectedRevision` is given and stale. */
  updateRule(rule: Rule, by: string, expectedRevision?: number): Promise<StoredRule>;
  /** False when there was no such rule. */
  deleteRule(id: string): Promise<boolean>;
  axiomOverrides(): Promise<Record<string, AxiomOverride>>;
  setAxiomOverride(id: string, override: AxiomOverride): Promise<void>;
}

const STAMP_KEY = 'policy.stamp';
const AXIOMS_KEY = 'policy.axioms';

/**
 * The store over the application database.
 * @example const store = createPolicyStore(db, deps.clock, deps.ids)
 */
export function createPolicyStore(db: Database, clock: Clock, ids: Ids): PolicyStore {
  const k = db.kysely;
  const settings = createSettingsRepo(db, clock);
  const iso = () => new Date(clock.now()).toISOString();
  const bump = () => settings.set(STAMP_KEY, ids.uuid());
  const toStored = (row: {
    definition: string;
    revision: number;
    created_at: string;
    updated_at: string;
    created_by: string | null;
    updated_by: string | null;
  }): StoredRule => ({
    rule: ruleSchema.parse(JSON.parse(row.definition)),
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  });

  const getRule = async (id: string) => {
    const row = await k.selectFrom('policy_rules').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toStored(row) : undefined;
  };

  return {
    stamp: () => settings.get<string>(STAMP_KEY),
    async listRules() {
      const rows = await k.selectFrom('policy_rules').selectAll().orderBy('id').execute();
      return rows.map(toStored);
    },
    getRule,
    async insertRule(rule, by) {
      if (await getRule(rule.id)) throw new AppError('E_CONFLICT', `A policy rule "${rule.id}" exists; update it instead.`);
      const now = iso();
      const row = {
        id: rule.id,
        definition: JSON.stringify(rule),
        revision: 1,
        created_at: now,
        updated_at: now,
        created_by: by,
        updated_by: by,
      };
      await k.insertInto('policy_rules').values(row).execute();
      await bump();
      return toStored(row);
    },
    async updateRule(rule, by, expectedRevision) {
      const current = await getRule(rule.id);
      if (!current) throw new AppError('E_NOT_FOUND', `No policy rule "${rule.id}".`);
      if (expectedRevision !== undefined && current.revision !== expectedRevision) {
        throw new AppError(
          'E_CONFLICT',
          `Policy rule "${rule.id}" is at revision ${current.revision}, not ${expectedRevision}; re-read it.`,
        );
      }
      const result = await k
        .updateTable('policy_rules')
        .set({ definition: JSON.stringify(rule), revision: current.revision + 1, updated_at: iso(), updated_by: by })
        .where('id', '=', rule.id)
        .where('revision', '=', current.revision)
        .executeTakeFirst();
      // Two writers raced: the loser re-reads instead of overwriting silently.
      if (Number(result.numUpdatedRows) === 0) throw new AppError('E_CONFLICT', `Policy rule "${rule.id}" changed meanwhile; re-read it.`);
      await bump();
      return (await getRule(rule.id)) as StoredRule;
    },
    async deleteRule(id) {
      const result = await k.deleteFrom('policy_rules').where('id', '=', id).executeTakeFirst();
      const deleted = Number(result.numDeletedRows) > 0;
      if (deleted) await bump();
      return deleted;
    },
    async axiomOverrides() {
      return (await settings.get<Record<string, AxiomOverride>>(AXIOMS_KEY)) ?? {};
    },
    async setAxiomOverride(id, override) {
      const all = (await settings.get<Record<string, AxiomOverride>>(AXIOMS_KEY)) ?? {};
      await settings.set(AXIOMS_KEY, { ...all, [id]: override });
      await bump();
    },
  };
}
