/**
 * Opens the database: SQLite (better-sqlite3, WAL, foreign keys) by default, PostgreSQL (pg) for postgres:// URLs.
 */
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Pool } from 'pg';
import { AppError } from '../core/errors.js';
import type { Dialect } from './migration.js';
import type { Tables } from './tables.js';

export interface Database {
  readonly kysely: Kysely<Tables>;
  readonly dialect: Dialect;
  /** Human description without credentials, e.g. "sqlite /data/code-engine.db". */
  readonly description: string;
  /** Resolves when a trivial query succeeds within `timeoutMs`; rejects with E_UNAVAILABLE otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** database.url from config; undefined = SQLite in dataDir. */
  url: string | undefined;
  dataDir: string;
  poolMax?: number;
  connectTimeoutMs?: number;
  /** PostgreSQL only: put this schema first on the search_path (it must exist); tests isolate themselves with it. */
  pgSchema?: string;
}

/** Where a SQLite URL points: a file path, or ':memory:'. */
export function sqlitePath(url: string | undefined, dataDir: string): string {
  if (!url) return resolve(dataDir, 'code-engine.db');
  const path = url.replace(/^sqlite:(\/\/)?/, '').replace(/^file:/, '');
  if (path === ':memory:' || path === '') return ':memory:';
  return isAbsolute(path) ? path : resolve(path);
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/** Open the configured database. PostgreSQL connects lazily, so an unreachable server fails at first use, not here. */
export function createDatabase(options: DatabaseOptions): Database {
  return isPostgresUrl(options.url) ? openPostgres(options) : openSqlite(options);
}

function openSqlite(options: DatabaseOptions): Database {
  const file = sqlitePath(options.url, options.dataDir);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let raw: SqliteDatabase.Database;
  try {
    raw = new SqliteDatabase(file);
  } catch (cause) {
    throw new AppError('E_UNAVAILABLE', `Cannot open the SQLite database at ${file}: ${(cause as Error).message}`, { cause });
  }
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  const kysely = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  let closed = false;
  return {
    kysely,
    dialect: 'sqlite',
    description: `sqlite ${file}`,
    async ping() {
      if (closed || !raw.open) throw new AppError('E_UNAVAILABLE', 'The SQLite database is closed.');
      try {
        raw.prepare('select 1').get();
      } catch (cause) {
        throw new AppError('E_UNAVAILABLE', `SQLite is not usable: ${(cause as Error).message}`, { cause });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}

/** Most prepared statements kept per SQLite database (the app issues a few dozen distinct SQL texts). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; compiling the SQL again costs more than running a small insert.
 * This keeps prepared statements by SQL text (least recently used evicted). A statement still iterating (a streamed
 * select) is busy and cannot be rebound, so a busy hit gets a fresh statement instead. SQLite re-prepares a cached
 * statement by itself after a schema change.
 */
function withStatementCache(raw: SqliteDatabase.Database): Pick<SqliteDatabase.Database, 'prepare' | 'close'> {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => raw.close(),
    prepare(source: string) {
      const hit = cache.get(source);
      if (hit) {
        if (!hit.busy) {
          cache.delete(source);
          cache.set(source, hit);
          return hit;
        }
        return raw.prepare(source);
      }
      const statement = raw.prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(source, statement);
      return statement;
    },
  } as Pick<SqliteDatabase.Database, 'prepare' | 'close'>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function openPostgres(options: DatabaseOptions): Database {
  const url = options.url as string;
  const schema = options.pgSchema;
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new AppError('E_CONFIG', `Invalid PostgreSQL schema name "${schema}".`);
  // pg loads on first use, so SQLite installations (and fast CLI start-up) never pay for it.
  const pool = async (): Promise<Pool> => {
    const { default: pg } = await import('pg');
    const created = new pg.Pool({
      connectionString: url,
      max: options.poolMax ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
      // Per-pool parsers (not pg's global ones): counts and serial ids as numbers (safe below 2^53).
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID || oid === NUMERIC_OID
            ? (v: string) => Number(v)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client that loses its server must not crash the process; the next query reports the failure.
    created.on('error', () => {});
    return created;
  };
  const kysely = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    kysely,
    dialect: 'postgres',
    description: `postgres ${safeUrl(url)}${schema ? ` (schema ${schema})` : ''}`,
    async ping(timeoutMs = 2000) {
      if (closed) throw new AppError('E_UNAVAILABLE', 'The PostgreSQL pool is closed.');
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          sql`select 1`.execute(kysely),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } catch (cause) {
        throw new AppError('E_UNAVAILABLE', `PostgreSQL at ${safeUrl(url)} is unreachable: ${(cause as Error).message}`, { cause });
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await kysely.destroy();
    },
  };
}

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
