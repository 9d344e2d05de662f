/**
 * Audit tables beyond the core audit_log: `audit_checkpoints`, the anchors left by retention pruning.
 * Each checkpoint stores the hash of the last pruned row, so the remaining chain still verifies.
 */
import type { AppMigration } from '../../db/migration.js';

/** One prune: rows with seq ≤ `seq` were archived and deleted; `hash` was the hash of row `seq`. */
export interface AuditCheckpointsTable {
  seq: number;
  hash: string;
  created_at: string;
  deleted_count: number;
  archive: string | null;
}

declare module '../../db/tables.js' {
  interface Tables {
    audit_checkpoints: AuditCheckpointsTable;
  }
}

/** Migrations of the audit capability (listed once in src/main/migrations.ts). */
export const auditMigrations: AppMigration[] = [
  {
    name: '2026-11-25-100-audit-checkpoints',
    async up(db) {
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('deleted_count', 'integer', (c) => c.notNull())
        .addColumn('archive', 'text')
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('audit_checkpoints').execute();
    },
  },
];
