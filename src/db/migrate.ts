/**
 * Runs the composed migration list with Kysely's Migrator (with its lock table, so replicas can start together).
 */
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { AppError } from '../core/errors.js';
import type { Database } from './database.js';
import type { AppMigration } from './migration.js';

export interface MigrationState {
  name: string;
  executedAt: Date | undefined;
}

/**
 * On PostgreSQL, Kysely looks for its migration tables in every schema; pin them to the current schema so that
 * two schemas in one database (tests, or several installations) never see each other's migration state.
 */
async function migrationSchema(db: Database): Promise<string | undefined> {
  if (db.dialect !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db.kysely);
  return rows[0]?.schema;
}

async function migrator(db: Database, migrations: readonly AppMigration[]): Promise<Migrator> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const m of migrations) {
        if (out[m.name]) throw new AppError('E_INTERNAL', `Duplicate migration name ${m.name}.`);
        out[m.name] = {
          up: (k) => m.up(k, db.dialect),
          ...(m.down ? { down: (k) => (m.down as NonNullable<AppMigration['down']>)(k, db.dialect) } : {}),
        };
      }
      return out;
    },
  };
  // Capabilities add migrations independently; unordered application keeps an older database upgradable.
  const schema = await migrationSchema(db);
  return new Migrator({ db: db.kysely, provider, allowUnorderedMigrations: true, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** Apply every pending migration; returns the names applied. Throws E_UNAVAILABLE when the database cannot be reached. */
export async function migrateToLatest(db: Database, migrations: readonly AppMigration[]): Promise<string[]> {
  let run: Awaited<ReturnType<Migrator['migrateToLatest']>>;
  try {
    run = await (await migrator(db, migrations)).migrateToLatest();
  } catch (cause) {
    throw new AppError('E_UNAVAILABLE', `Cannot migrate ${db.description}: ${(cause as Error).message}`, { cause });
  }
  const { error, results } = run;
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(
      failed ? 'E_INTERNAL' : 'E_UNAVAILABLE',
      failed ? `Migration ${failed.migrationName} failed: ${message}` : `Cannot migrate ${db.description}: ${message}`,
      { cause: error },
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Every known migration with its execution time (undefined = pending). */
export async function migrationStatus(db: Database, migrations: readonly AppMigration[]): Promise<MigrationState[]> {
  const infos = await (await migrator(db, migrations)).getMigrations();
  return infos.map((i) => ({ name: i.name, executedAt: i.executedAt }));
}
