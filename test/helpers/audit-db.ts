/**
 * A fresh database migrated for the audit log (core + audit migrations), on either dialect.
 */
import { sql } from 'kysely';
import { auditMigrations } from '../../src/auth/audit/migrations.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Dialect } from '../../src/db/migration.js';
import { coreMigrations } from '../../src/db/migrations/core.js';
import { openTestDatabase, type TestDatabase } from './pg.js';

/**
 * Open and migrate. On PostgreSQL, Kysely's migration tables are created in the test's own schema first: Kysely's
 * existence check (without migrationTableSchema) accepts a table in ANY schema, so a parallel test's schema would
 * otherwise make the migrator skip creating them here and fail with "relation kysely_migration_lock does not exist".
 */
export async function openAuditTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const t = await openTestDatabase(dialect);
  if (dialect === 'postgres') {
    await sql`create table if not exists kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(
      t.db.kysely,
    );
    await sql`create table if not exists kysely_migration_lock (id varchar(255) not null primary key, is_locked integer not null default 0)`.execute(
      t.db.kysely,
    );
  }
  await migrateToLatest(t.db, [...coreMigrations, ...auditMigrations]);
  return t;
}
