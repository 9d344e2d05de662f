/**
 * `operation_calls`: one row per gateway call (who, what, a digest of the redacted arguments, outcome, duration).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { groupCommitOf } from '../db/group-commit.js';
import type { Tables } from '../db/tables.js';

export interface OperationCallRow {
  id: string;
  ts: string;
  principalId: string | null;
  principalType: string | null;
  operation: string;
  face: string;
  argsDigest: string;
  outcome: 'success' | 'error' | 'denied';
  errorCode: string | null;
  durationMs: number;
  requestId: string | null;
}

/** Filters of the call history (REST `GET /api/mcp/calls`). */
export const callQuerySchema = z.object({
  operation: z.string().max(200).optional().describe('Exact operation name'),
  principal: z.string().max(200).optional().describe('Principal id'),
  outcome: z.enum(['success', 'error', 'denied']).optional(),
  since: z.iso.datetime().optional().describe('ISO time, inclusive'),
  until: z.iso.datetime().optional().describe('ISO time, exclusive'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional().describe('`nextCursor` of the previous page'),
});
export type CallQuery = z.infer<typeof callQuerySchema>;

export interface CallsRepo {
  insert(row: OperationCallRow): Promise<void>;
  /** Newest first; `nextCursor` when more rows exist. */
  list(query: CallQuery): Promise<{ calls: OperationCallRow[]; nextCursor: string | undefined }>;
}

/** Cursor = "<ts>|<id>" of the last row returned (keyset pagination, stable under inserts). */
function decodeCursor(cursor: string | undefined): { ts: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [ts, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return ts && id ? { ts, id } : undefined;
}

export function createCallsRepo(db: Database): CallsRepo {
  const k = db.kysely;
  const writes = db.dialect === 'sqlite' ? groupCommitOf(db) : undefined;
  return {
    async insert(row) {
      const insertRow = (w: Kysely<Tables>) =>
        w
          .insertInto('operation_calls')
          .values({
            id: row.id,
            ts: row.ts,
            principal_id: row.principalId,
            principal_type: row.principalType,
            operation: row.operation,
            face: row.face,
            args_digest: row.argsDigest,
            outcome: row.outcome,
            error_code: row.errorCode,
            duration_ms: Math.round(row.durationMs),
            request_id: row.requestId,
          })
          .execute();
      // On SQLite a commit costs more than the insert: rows of calls finishing together (and their audit events)
      // share one transaction. PostgreSQL commits concurrent inserts in parallel.
      await (writes ? writes.run(insertRow) : insertRow(k));
    },
    async list(query) {
      let q = k.selectFrom('operation_calls').selectAll();
      if (query.operation) q = q.where('operation', '=', query.operation);
      if (query.principal) q = q.where('principal_id', '=', query.principal);
      if (query.outcome) q = q.where('outcome', '=', query.outcome);
      if (query.since) q = q.where('ts', '>=', new Date(query.since).toISOString());
      if (query.until) q = q.where('ts', '<', new Date(query.until).toISOString());
      const after = decodeCursor(query.cursor);
      if (after) q = q.where((eb) => eb.or([eb('ts', '<', after.ts), eb.and([eb('ts', '=', after.ts), eb('id', '<', after.id)])]));
      const rows = await q
        .orderBy('ts', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        calls: page.map((r) => ({
          id: r.id,
          ts: r.ts,
          principalId: r.principal_id,
          principalType: r.principal_type,
          operation: r.operation,
          face: r.face,
          argsDigest: r.args_digest,
          outcome: r.outcome as OperationCallRow['outcome'],
          errorCode: r.error_code,
          durationMs: r.duration_ms,
          requestId: r.request_id,
        })),
        nextCursor: rows.length > query.limit && last ? Buffer.from(`${last.ts}|${last.id}`).toString('base64url') : undefined,
      };
    },
  };
}
