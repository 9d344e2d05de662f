/**
 * The `policy_rules` table: user rules managed through the API (rule files stay files). Axiom switches made at
 * run time and the change stamp other replicas poll live in `settings` (keys `policy.*`).
 */
import type { AppMigration } from '../../db/migration.js';

/** One stored user rule; `definition` is the validated rule as JSON. */
export interface PolicyRulesTable {
  id: string;
  definition: string;
  revision: number;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
}

declare module '../../db/tables.js' {
  interface Tables {
    policy_rules: PolicyRulesTable;
  }
}

/** Migrations of the policy engine (listed once in src/main/migrations.ts). */
export const policyMigrations: AppMigration[] = [
  {
    name: '2026-11-27-010-policy-rules',
    async up(db) {
      await db.schema
        .createTable('policy_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('definition', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('updated_by', 'text')
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('policy_rules').execute();
    },
  },
];
