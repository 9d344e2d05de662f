/**
 * Group commit for SQLite: small writes queued at the same time share one transaction, so a busy server pays one
 * commit (WAL append, checkpoint share) per batch instead of one per write. Each write still resolves only after
 * the transaction holding it committed, and runs in its own savepoint, so one failing write fails alone.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Tables } from './tables.js';

/** Runs writes in shared transactions. */
export interface GroupCommit {
  /**
   * Run `write` inside the next shared transaction (SQLite: `BEGIN IMMEDIATE`, so the database write lock is held
   * before `write` reads anything); resolves with its result once that transaction committed. `write` is atomic:
   * when it throws, its changes are rolled back and its promise rejects; the other writes of the batch still commit.
   */
  run<T>(write: (db: Kysely<Tables>) => Promise<T>): Promise<T>;
}

interface Job {
  write: (db: Kysely<Tables>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Most writes in one transaction: bounds how long other queries wait for the single SQLite connection. */
const MAX_BATCH = 256;

// Compiled once: these run several times per batch.
const BEGIN = CompiledQuery.raw('begin immediate');
const SAVEPOINT = CompiledQuery.raw('savepoint group_commit');
const RELEASE = CompiledQuery.raw('release group_commit');
const ROLLBACK_TO = CompiledQuery.raw('rollback to group_commit');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

const shared = new WeakMap<Database, GroupCommit>();

/**
 * The group commit of `db`: one per database, so every writer on it (audit chain, call history) shares the batches.
 * On PostgreSQL, where concurrent connections commit in parallel, each write gets a transaction of its own.
 * @example await groupCommitOf(db).run((k) => k.insertInto('operation_calls').values(row).execute());
 */
export function groupCommitOf(db: Database): GroupCommit {
  let commit = shared.get(db);
  if (!commit) {
    commit = db.dialect === 'sqlite' ? createSqliteGroupCommit(db) : { run: (write) => db.kysely.transaction().execute(write) };
    shared.set(db, commit);
  }
  return commit;
}

function createSqliteGroupCommit(db: Database): GroupCommit {
  const queue: Job[] = [];
  let draining = false;

  const runBatch = (batch: Job[]) =>
    db.kysely.connection().execute(async (conn) => {
      const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
      await conn.executeQuery(BEGIN);
      try {
        for (const job of batch) {
          await conn.executeQuery(SAVEPOINT);
          try {
            outcomes.push({ ok: true, value: await job.write(conn) });
            await conn.executeQuery(RELEASE);
          } catch (error) {
            await conn.executeQuery(ROLLBACK_TO);
            await conn.executeQuery(RELEASE);
            outcomes.push({ ok: false, error });
          }
        }
        await conn.executeQuery(COMMIT);
      } catch (error) {
        await conn.executeQuery(ROLLBACK).catch(() => {});
        throw error;
      }
      return outcomes;
    });

  const drain = async (): Promise<void> => {
    draining = true;
    try {
      while (queue.length > 0) {
        // Wait out this turn of the event loop, so writes of requests handled in it (calls finishing together) join
        // the batch: one commit costs far more than the few microseconds this waits.
        await new Promise<void>((r) => setImmediate(r));
        const batch = queue.splice(0, MAX_BATCH);
        try {
          const outcomes = await runBatch(batch);
          batch.forEach((job, i) => {
            const outcome = outcomes[i];
            if (outcome?.ok) job.resolve(outcome.value);
            else job.reject(outcome?.error);
          });
        } catch (error) {
          for (const job of batch) job.reject(error);
        }
      }
    } finally {
      draining = false;
    }
  };

  return {
    run<T>(write: (k: Kysely<Tables>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
        if (!draining) void drain();
      });
    },
  };
}
