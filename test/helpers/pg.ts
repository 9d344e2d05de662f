/**
 * Test databases on both dialects. SQLite always; PostgreSQL at CODE_ENGINE_TEST_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/test). With CI=true an unreachable PostgreSQL fails the run;
 * elsewhere PostgreSQL tests are skipped with a visible message.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { systemClock } from '../../src/core/deps.js';
import { createDatabase, type Database } from '../../src/db/database.js';
import type { Dialect } from '../../src/db/migration.js';

export const PG_URL = process.env.CODE_ENGINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const IS_CI = process.env.CI === 'true' || process.env.CI === '1';

let reachable: Promise<string | undefined> | undefined;

/** undefined when PostgreSQL answers, else the reason. */
export function pgProblem(): Promise<string | undefined> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return undefined;
    } catch (e) {
      return (e as Error).message || String(e);
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/**
 * The dialects this run tests. Use with top-level await:
 * `describe.each(await testDialects())('settings on %s', (dialect) => …)`.
 */
export async function testDialects(): Promise<Dialect[]> {
  const problem = await pgProblem();
  if (!problem) return ['sqlite', 'postgres'];
  if (IS_CI) throw new Error(`CI=true requires PostgreSQL at ${PG_URL}, but it is unreachable: ${problem}`);
  console.warn(`[skip] PostgreSQL tests skipped: ${PG_URL} is unreachable (${problem}). Set CI=true to make this an error.`);
  return ['sqlite'];
}

export interface TestDatabase {
  db: Database;
  dialect: Dialect;
  /** The URL/settings that open this same database (for app-level tests). */
  url: string;
  pgSchema: string | undefined;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty database: a temp SQLite file, or a new PostgreSQL schema dropped on cleanup. */
export async function openTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ce-test-'));
  if (dialect === 'sqlite') {
    const url = join(dataDir, 'test.db');
    const db = createDatabase({ url, dataDir });
    return {
      db,
      dialect,
      url,
      pgSchema: undefined,
      dataDir,
      async cleanup() {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const pgSchema = await createPgSchema();
  const db = createDatabase({ url: PG_URL, dataDir, pgSchema, poolMax: 4 });
  return {
    db,
    dialect,
    url: PG_URL,
    pgSchema,
    dataDir,
    async cleanup() {
      await db.close();
      await dropPgSchema(pgSchema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Create a uniquely named schema for one test. */
export async function createPgSchema(): Promise<string> {
  const schema = `t_${systemClock.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`create schema ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}

export async function dropPgSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}
