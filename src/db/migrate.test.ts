import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase, testDialects } from '../../test/helpers/pg.js';
import { migrateToLatest, migrationStatus } from './migrate.js';
import { coreMigrations } from './migrations/core.js';

describe.each(await testDialects())('migrations on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase(dialect);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('applies every migration to an empty database', async () => {
    const applied = await migrateToLatest(t.db, coreMigrations);
    expect(applied).toEqual(coreMigrations.map((m) => m.name));
    const status = await migrationStatus(t.db, coreMigrations);
    expect(status.every((s) => s.executedAt instanceof Date)).toBe(true);
  });

  it('applies nothing the second time', async () => {
    await migrateToLatest(t.db, coreMigrations);
    expect(await migrateToLatest(t.db, coreMigrations)).toEqual([]);
  });

  it('reports pending migrations before they run', async () => {
    await migrateToLatest(t.db, coreMigrations.slice(0, 1));
    const status = await migrationStatus(t.db, coreMigrations);
    expect(status.filter((s) => !s.executedAt).map((s) => s.name)).toEqual(coreMigrations.slice(1).map((m) => m.name));
  });

  it('creates tables that accept rows', async () => {
    await migrateToLatest(t.db, coreMigrations);
    await t.db.kysely
      .insertInto('audit_log')
      .values({
        id: 'a1',
        ts: '2026-11-25T00:00:00.000Z',
        principal_id: null,
        principal_type: null,
        action: 'test',
        target: null,
        outcome: 'success',
        client_ip: null,
        request_id: null,
        details: '{}',
        prev_hash: '0',
        hash: '1',
      })
      .execute();
    const row = await t.db.kysely.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
    expect(row.seq).toBe(1);
    expect(typeof row.seq).toBe('number');
  });

  it('reports a failing migration by name', async () => {
    const broken = [
      ...coreMigrations,
      {
        name: '2099-01-01-001-broken',
        up: async (db: Parameters<(typeof coreMigrations)[0]['up']>[0]) => void (await sql`select * from no_such_table`.execute(db)),
      },
    ];
    await expect(migrateToLatest(t.db, broken)).rejects.toThrow(/2099-01-01-001-broken/);
  });
});
