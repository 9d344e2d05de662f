import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase, testDialects } from '../../test/helpers/pg.js';
import { migrateToLatest } from './migrate.js';
import { coreMigrations } from './migrations/core.js';
import { createSettingsRepo, type SettingsRepo } from './settings-repo.js';

describe.each(await testDialects())('settings repository on %s', (dialect) => {
  let t: TestDatabase;
  let repo: SettingsRepo;
  let now = Date.parse('2026-11-25T10:00:00Z');
  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    await migrateToLatest(t.db, coreMigrations);
    repo = createSettingsRepo(t.db, { now: () => now, monotonic: () => 0 });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('returns undefined for a missing key', async () => {
    expect(await repo.get('missing')).toBeUndefined();
  });

  it('stores and reads JSON values', async () => {
    await repo.set('bootstrap', { done: true, at: 3 });
    expect(await repo.get('bootstrap')).toEqual({ done: true, at: 3 });
  });

  it('overwrites an existing key and updates its time', async () => {
    await repo.set('k', 1);
    now += 60_000;
    await repo.set('k', 2);
    const [row] = await repo.list('k');
    expect(row).toEqual({ key: 'k', value: 2, updatedAt: '2026-11-25T10:01:00.000Z' });
  });

  it('lists by prefix in key order', async () => {
    await repo.set('jwt.b', 2);
    await repo.set('jwt.a', 1);
    await repo.set('other', 3);
    expect((await repo.list('jwt.')).map((r) => r.key)).toEqual(['jwt.a', 'jwt.b']);
  });

  it('deletes a key', async () => {
    await repo.set('gone', true);
    expect(await repo.delete('gone')).toBe(true);
    expect(await repo.delete('gone')).toBe(false);
    expect(await repo.get('gone')).toBeUndefined();
  });
});
