/**
 * Core tables: settings, audit_log (hash-chained rows, written by src/auth), operation_calls (written by the gateway).
 */
import type { AppMigration } from '../migration.js';
import { serialType } from '../migration.js';

export const coreMigrations: AppMigration[] = [
  {
    name: '2026-11-25-001-core-settings',
    async up(db) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db) {
      await db.schema.dropTable('settings').execute();
    },
  },
  {
    name: '2026-11-25-002-core-audit-log',
    async up(db, dialect) {
      await db.schema
        .createTable('audit_log')
        .addColumn('seq', serialType(dialect), (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('principal_id', 'text')
        .addColumn('principal_type', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('client_ip', 'text')
        .addColumn('request_id', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_ts').on('audit_log').column('ts').execute();
      await db.schema.createIndex('audit_log_principal').on('audit_log').columns(['principal_id', 'ts']).execute();
      await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'ts']).execute();
    },
    async down(db) {
      await db.schema.dropTable('audit_log').execute();
    },
  },
  {
    name: '2026-11-25-003-core-operation-calls',
    async up(db) {
      await db.schema
        .createTable('operation_calls')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('principal_id', 'text')
        .addColumn('principal_type', 'text')
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('face', 'text', (c) => c.notNull())
        .addColumn('args_digest', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .execute();
      await db.schema.createIndex('operation_calls_ts').on('operation_calls').column('ts').execute();
      await db.schema.createIndex('operation_calls_op').on('operation_calls').columns(['operation', 'ts']).execute();
      await db.schema.createIndex('operation_calls_principal').on('operation_calls').columns(['principal_id', 'ts']).execute();
    },
    async down(db) {
      await db.schema.dropTable('operation_calls').execute();
    },
  },
];
