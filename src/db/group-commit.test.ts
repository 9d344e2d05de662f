import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase, testDialects } from '../../test/helpers/pg.js';
import { groupCommitOf } from './group-commit.js';
import { migrateToLatest } from './migrate.js';
import { coreMigrations } from './migrations/core.js';

const setting = (key: string) => ({ key, value: '1', updated_at: '2026-11-25T10:00:00.000Z' });

describe.each(await testDialects())('group commit on %s', (dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    await migrateToLatest(t.db, coreMigrations);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const keys = async () => (await t.db.kysely.selectFrom('settings').select('key').orderBy('key').execute()).map((r) => r.key);

  it('is one per database', () => {
    expect(groupCommitOf(t.db)).toBe(groupCommitOf(t.db));
  });

  it('stores every write queued together and returns each result', async () => {
    const writes = groupCommitOf(t.db);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        writes.run(async (k) => {
          await k.insertInto('settings').values(setting(key)).execute();
          return key.toUpperCase();
        }),
      ),
    );
    expect(results).toEqual(['A', 'B', 'C']);
    expect(await keys()).toEqual(['a', 'b', 'c']);
  });

  it('fails a failing write alone and rolls back only its changes', async () => {
    const writes = groupCommitOf(t.db);
    const outcomes = await Promise.allSettled([
      writes.run((k) => k.insertInto('settings').values(setting('a')).execute()),
      writes.run(async (k) => {
        await k.insertInto('settings').values(setting('half')).execute();
        throw new Error('boom');
      }),
      writes.run((k) => k.insertInto('settings').values(setting('a')).execute()), // duplicate key
      writes.run((k) => k.insertInto('settings').values(setting('b')).execute()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(await keys()).toEqual(['a', 'b']);
  });
});

describe('group commit on sqlite', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase('sqlite');
    await migrateToLatest(t.db, coreMigrations);
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('runs writes queued in the same turn in one transaction, and resolves them after its commit', async () => {
    const writes = groupCommitOf(t.db);
    const events: string[] = [];
    await Promise.all(
      ['a', 'b'].map((key) =>
        writes
          .run(async (k) => {
            await k.insertInto('settings').values(setting(key)).execute();
            events.push(`write ${key}`);
          })
          .then(() => events.push(`committed ${key}`)),
      ),
    );
    expect(events).toEqual(['write a', 'write b', 'committed a', 'committed b']);
  });
});
