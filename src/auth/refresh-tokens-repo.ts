/**
 * Issued refresh tokens grouped by family (one login session). Spending a token is a conditional update,
 * so exactly one request can use each token; a second use is reuse.
 */
import type { Clock } from '../core/deps.js';
import type { Database } from '../db/database.js';
import './tables.js';

/** A stored refresh token. Times are epoch ms. */
export interface RefreshTokenRow {
  jti: string;
  familyId: string;
  userId: string;
  expiresAt: number;
  usedAt: number | undefined;
  revokedAt: number | undefined;
}

/** Refresh token persistence. */
export interface RefreshTokensRepo {
  insert(row: { jti: string; familyId: string; userId: string; expiresAt: number }): Promise<void>;
  find(jti: string): Promise<RefreshTokenRow | undefined>;
  /** Mark used; true only for the first caller (false when already used or revoked). */
  spend(jti: string): Promise<boolean>;
  /** Revoke every token of a family that is not revoked yet; returns how many. */
  revokeFamily(familyId: string): Promise<number>;
  /** Delete tokens that expired before now. */
  purgeExpired(): Promise<number>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const msOrUndefined = (t: string | null) => (t === null ? undefined : Date.parse(t));

/** Refresh tokens over the shared database. */
export function createRefreshTokensRepo(db: Database, clock: Clock): RefreshTokensRepo {
  const k = db.kysely;
  return {
    async insert(row) {
      await k
        .insertInto('refresh_tokens')
        .values({
          jti: row.jti,
          family_id: row.familyId,
          user_id: row.userId,
          issued_at: iso(clock.now()),
          expires_at: iso(row.expiresAt),
          used_at: null,
          revoked_at: null,
        })
        .execute();
    },
    async find(jti) {
      const r = await k.selectFrom('refresh_tokens').selectAll().where('jti', '=', jti).executeTakeFirst();
      return r
        ? {
            jti: r.jti,
            familyId: r.family_id,
            userId: r.user_id,
            expiresAt: Date.parse(r.expires_at),
            usedAt: msOrUndefined(r.used_at),
            revokedAt: msOrUndefined(r.revoked_at),
          }
        : undefined;
    },
    async spend(jti) {
      const result = await k
        .updateTable('refresh_tokens')
        .set({ used_at: iso(clock.now()) })
        .where('jti', '=', jti)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async revokeFamily(familyId) {
      const result = await k
        .updateTable('refresh_tokens')
        .set({ revoked_at: iso(clock.now()) })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async purgeExpired() {
      const result = await k.deleteFrom('refresh_tokens').where('expires_at', '<', iso(clock.now())).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
