/**
 * Auth test fixtures: a recording AuditSink, a controllable clock, and an AuthService over a fresh database
 * (SQLite or PostgreSQL) with cheap argon2 parameters so the suite stays fast.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type AuthService, createAuthService } from '../../src/auth/auth-service.js';
import { authMigrations } from '../../src/auth/migrations.js';
import type { AuditEvent, AuditSink, Principal } from '../../src/auth/principal.js';
import type { SecretBox } from '../../src/auth/secret-box.js';
import { loadConfig } from '../../src/core/config/load.js';
import { type Clock, type Deps, systemIds } from '../../src/core/deps.js';
import { createLogger } from '../../src/core/logger.js';
import type { Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Dialect } from '../../src/db/migration.js';
import { coreMigrations } from '../../src/db/migrations/core.js';
import type { Redis } from '../../src/db/redis.js';
import { openTestDatabase, type TestDatabase } from './pg.js';

/** Cheap argon2 parameters for tests (production defaults are 19 MiB, 2 passes). */
export const FAST_ARGON2 = { 'auth.argon2.memoryCostKiB': '256', 'auth.argon2.timeCost': '1' };

/**
 * Apply the core and auth migrations. On PostgreSQL the Kysely migration tables are created in the test's own
 * schema first: Kysely's existence check (without migrationTableSchema) accepts a table in ANY schema, so a
 * parallel test's schema would otherwise make it skip creating them here (see the report on src/db/migrate.ts).
 */
export async function migrateTestDatabase(db: Database): Promise<void> {
  if (db.dialect === 'postgres') {
    await sql`create table if not exists kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(
      db.kysely,
    );
    await sql`create table if not exists kysely_migration_lock (id varchar(255) not null primary key, is_locked integer not null default 0)`.execute(
      db.kysely,
    );
  }
  await migrateToLatest(db, [...coreMigrations, ...authMigrations]);
}

/** An AuditSink that keeps every event. */
export function recordingAuditSink(): AuditSink & { events: AuditEvent[]; actions(): string[] } {
  const events: AuditEvent[] = [];
  return {
    events,
    actions: () => events.map((e) => `${e.action}:${e.outcome}`),
    async record(event) {
      events.push(event);
    },
  };
}

/** A clock tests move by hand. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** A manual clock starting at `start` (default 2026-12-01T00:00:00Z). */
export function manualClock(start = Date.parse('2026-12-01T00:00:00Z')): ManualClock {
  let now = start;
  return {
    now: () => now,
    monotonic: () => now,
    advance(ms) {
      now += ms;
    },
    set(ms) {
      now = ms;
    },
  };
}

/** Everything an auth test needs. */
export interface TestAuth {
  auth: AuthService;
  test: TestDatabase;
  clock: ManualClock;
  audit: ReturnType<typeof recordingAuditSink>;
  deps: Deps;
  /** A service principal holding `admin` (acts like the CLI). */
  root: Principal;
  /** Create a user with a password and roles; returns its id. */
  seedUser(username: string, roles: string[], password?: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** A strong password accepted by the default policy. */
export const PASSWORD = 'correct horse battery staple';

/** Build an AuthService over a fresh, migrated database. */
export async function createTestAuth(
  dialect: Dialect,
  options: { overrides?: Record<string, string>; redis?: Redis; clock?: ManualClock; secretBox?: SecretBox } = {},
): Promise<TestAuth> {
  const test = await openTestDatabase(dialect);
  await migrateTestDatabase(test.db);
  const keysDir = mkdtempSync(join(tmpdir(), 'ce-keys-'));
  const { config } = loadConfig({
    env: {},
    cwd: test.dataDir,
    overrides: { dataDir: test.dataDir, 'auth.keysDir': keysDir, ...FAST_ARGON2, ...options.overrides },
  });
  const clock = options.clock ?? manualClock();
  const deps: Deps = { config, clock, ids: systemIds, log: createLogger({ level: 'silent', format: 'json', stream: { write: () => {} } }) };
  const audit = recordingAuditSink();
  const auth = createAuthService({
    deps,
    db: test.db,
    redis: options.redis,
    audit,
    ...(options.secretBox ? { secretBox: options.secretBox } : {}),
  });
  const root: Principal = { id: 'test-root', type: 'service', name: 'test-root', roles: ['admin'] };
  return {
    auth,
    test,
    clock,
    audit,
    deps,
    root,
    async seedUser(username, roles, password = PASSWORD) {
      return (await auth.users.create(root, { username, password, roles })).id;
    },
    async cleanup() {
      await test.cleanup();
      rmSync(keysDir, { recursive: true, force: true });
    },
  };
}
