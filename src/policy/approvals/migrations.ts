/**
 * Tables of the approvals capability: `approvals` (one row per request) and `approval_votes`.
 */
import type { AppMigration } from '../../db/migration.js';
import './tables.js';

/** Migrations of the approvals capability (listed once in src/main/migrations.ts). */
export const approvalsMigrations: AppMigration[] = [
  {
    name: '2026-11-27-001-approvals-tables',
    async up(db) {
      await db.schema
        .createTable('approvals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('effects', 'text', (c) => c.notNull())
        .addColumn('args_sealed', 'text', (c) => c.notNull())
        .addColumn('args_redacted', 'text', (c) => c.notNull())
        .addColumn('args_digest', 'text', (c) => c.notNull())
        .addColumn('requester_id', 'text', (c) => c.notNull())
        .addColumn('requester_type', 'text', (c) => c.notNull())
        .addColumn('requester_name', 'text', (c) => c.notNull())
        .addColumn('requester_key', 'text', (c) => c.notNull())
        .addColumn('face', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('rules', 'text', (c) => c.notNull())
        .addColumn('quorum', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text')
        .addColumn('executed_at', 'text')
        .addColumn('execution_claim', 'text')
        .addColumn('execution_outcome', 'text')
        .addColumn('execution_error_code', 'text')
        .addColumn('execution_call_id', 'text')
        .execute();
      await db.schema.createIndex('approvals_status_expires').on('approvals').columns(['status', 'expires_at']).execute();
      await db.schema.createIndex('approvals_created').on('approvals').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('approvals_requester').on('approvals').column('requester_id').execute();
      await db.schema
        .createTable('approval_votes')
        .addColumn('approval_id', 'text', (c) => c.notNull().references('approvals.id').onDelete('cascade'))
        .addColumn('voter_key', 'text', (c) => c.notNull())
        .addColumn('voter_id', 'text', (c) => c.notNull())
        .addColumn('voter_type', 'text', (c) => c.notNull())
        .addColumn('voter_name', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('ts', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('approval_votes_pk', ['approval_id', 'voter_key'])
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('approval_votes').execute();
      await db.schema.dropTable('approvals').execute();
    },
  },
];
