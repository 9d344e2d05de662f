/**
 * Revoked token ids (`jti`) and session families (`fam:<id>`). The database is the record; when Redis is
 * configured every revocation is mirrored there (with the token's remaining lifetime as TTL) so all replicas
 * see it at once. "Not revoked" answers are cached for auth.cacheTtlMs to keep verification off the database.
 */
import type { Clock } from '../core/deps.js';
import type { Logger } from '../core/logger.js';
import type { Database } from '../db/database.js';
import type { Redis } from '../db/redis.js';
import './tables.js';

/** Revocation checks and writes. */
export interface RevocationList {
  /** Revoke `id` until `expiresAt` (epoch ms; after that the token is invalid anyway). */
  revoke(id: string, expiresAt: number, reason: string): Promise<void>;
  /** True when any of `ids` is revoked. */
  isRevoked(...ids: string[]): Promise<boolean>;
  /** Delete rows past their expiry; returns how many. */
  purgeExpired(): Promise<number>;
}

/** What the list needs. */
export interface RevocationListOptions {
  db: Database;
  redis: Redis | undefined;
  clock: Clock;
  log: Logger;
  cacheTtlMs: number;
}

const REDIS_PREFIX = 'auth:revoked:';
const MAX_CACHE = 50_000;

/** The family id entry of a session. */
export const familyEntry = (familyId: string) => `fam:${familyId}`;

/** A revocation list over the database, mirrored in Redis when given. */
export function createRevocationList(options: RevocationListOptions): RevocationList {
  const { db, redis, clock, log } = options;
  const k = db.kysely;
  /** Revoked here: id → expiry. Authoritative for this process's own revocations, never stale. */
  const revokedHere = new Map<string, number>();
  /** Recent "not revoked" answers: id → time the answer stops being trusted. */
  const clean = new Map<string, number>();

  const lookup = async (id: string): Promise<boolean> => {
    if (redis) {
      try {
        return (await redis.exists(REDIS_PREFIX + id)) === 1;
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'Redis revocation lookup failed; asking the database');
      }
    }
    const row = await k
      .selectFrom('revoked_tokens')
      .select('expires_at')
      .where('id', '=', id)
      .where('expires_at', '>', new Date(clock.now()).toISOString())
      .executeTakeFirst();
    return row !== undefined;
  };

  const checkOne = async (id: string): Promise<boolean> => {
    const now = clock.now();
    const here = revokedHere.get(id);
    if (here !== undefined) {
      if (here > now) return true;
      revokedHere.delete(id);
    }
    const trustedUntil = clean.get(id);
    if (trustedUntil !== undefined && trustedUntil > now) return false;
    const revoked = await lookup(id);
    if (revoked) revokedHere.set(id, now + options.cacheTtlMs);
    else if (options.cacheTtlMs > 0) {
      if (clean.size >= MAX_CACHE) clean.clear();
      clean.set(id, now + options.cacheTtlMs);
    }
    return revoked;
  };

  return {
    async revoke(id, expiresAt, reason) {
      const now = clock.now();
      if (expiresAt <= now) return;
      const row = { id, revoked_at: new Date(now).toISOString(), expires_at: new Date(expiresAt).toISOString(), reason };
      await k
        .insertInto('revoked_tokens')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      revokedHere.set(id, expiresAt);
      clean.delete(id);
      if (redis) {
        try {
          await redis.set(REDIS_PREFIX + id, reason, 'PX', Math.max(1, expiresAt - now));
        } catch (err) {
          // The database keeps the record; other replicas see it once their cache entry expires.
          log.warn({ err: (err as Error).message }, 'Redis revocation mirror failed');
        }
      }
    },
    async isRevoked(...ids) {
      for (const id of ids) if (await checkOne(id)) return true;
      return false;
    },
    async purgeExpired() {
      const result = await k.deleteFrom('revoked_tokens').where('expires_at', '<=', new Date(clock.now()).toISOString()).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
