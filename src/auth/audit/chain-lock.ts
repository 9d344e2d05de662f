/**
 * Serializes everything that moves the head of the audit chain (appends, prunes), so concurrent writers cannot
 * fork it: an in-process queue first, then a database lock held for one transaction —
 * `pg_advisory_xact_lock` on PostgreSQL (replicas share it), `BEGIN IMMEDIATE` on SQLite (other processes wait;
 * the transaction is the database's group commit, shared with other writes queued at the same time).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { groupCommitOf } from '../../db/group-commit.js';
import type { Tables } from '../../db/tables.js';

/** Runs `fn` inside a transaction that holds the chain lock; one at a time per process. */
export interface ChainLock {
  run<T>(fn: (db: Kysely<Tables>) => Promise<T>): Promise<T>;
}

/** Advisory lock class for the audit chain ("AUDT"); the object id is the schema, so test schemas do not contend. */
const LOCK_CLASS = 0x41554454;

/** Create the lock for one database. */
export function createChainLock(db: Database): ChainLock {
  let tail: Promise<unknown> = Promise.resolve();
  const locked = <T>(fn: (k: Kysely<Tables>) => Promise<T>): Promise<T> =>
    db.dialect === 'postgres'
      ? db.kysely.transaction().execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(${sql.lit(LOCK_CLASS)}, hashtext(current_schema()))`.execute(trx);
          return fn(trx);
        })
      : // BEGIN IMMEDIATE takes the write lock before the head is read (a deferred BEGIN could read a stale head);
        // the transaction is shared with other writes queued at the same time (group commit), each in a savepoint.
        groupCommitOf(db).run(fn);
  return {
    run<T>(fn: (k: Kysely<Tables>) => Promise<T>): Promise<T> {
      const next = tail.then(
        () => locked(fn),
        () => locked(fn),
      );
      tail = next.catch(() => {});
      return next;
    },
  };
}
