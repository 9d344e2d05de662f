/**
 * Storage of approval requests and votes. Every state change is a compare-and-set (`UPDATE … WHERE status = …`),
 * so concurrent approvers, expiry and executions on any number of replicas settle on exactly one outcome.
 */
import type { Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ApprovalsTable, ApprovalVotesTable } from './tables.js';

/** Where a request is in its lifecycle. */
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'executed';

/** The statuses, in lifecycle order. */
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'denied', 'expired', 'executed'];

/** A stored request (the `approvals` row). */
export type ApprovalRow = Selectable<ApprovalsTable>;
/** A stored vote (the `approval_votes` row). */
export type VoteRow = Selectable<ApprovalVotesTable>;

/** Filters of a listing, newest first. */
export interface ApprovalListQuery {
  status?: ApprovalStatus | undefined;
  operation?: string | undefined;
  requester?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** What must hold for an execution to consume an approval. */
export interface ConsumeExpectation {
  operation: string;
  argsDigest: string;
  requesterId: string;
  requesterType: string;
}

/** The approvals tables. */
export interface ApprovalsRepo {
  insert(row: ApprovalRow): Promise<void>;
  get(id: string): Promise<ApprovalRow | undefined>;
  list(query: ApprovalListQuery): Promise<{ rows: ApprovalRow[]; nextCursor: string | undefined }>;
  /** Votes of these requests, oldest first. */
  votes(ids: readonly string[]): Promise<VoteRow[]>;
  /** Record a vote; false when this voter already voted on the request (unless `replace`, which overwrites it). */
  addVote(vote: VoteRow, replace?: boolean): Promise<boolean>;
  countVotes(id: string, decision: 'approve' | 'deny'): Promise<number>;
  /** pending → approved/denied, only while pending and unexpired; true when this call made the change. */
  decide(id: string, to: 'approved' | 'denied', nowIso: string, expiresAt?: string): Promise<boolean>;
  /** Atomically approved → executed for the one execution that matches; true for exactly one caller. */
  consume(id: string, expect: ConsumeExpectation, claim: string, nowIso: string): Promise<boolean>;
  /** Record how the consuming execution ended; false when `claim` did not consume the request. */
  recordOutcome(
    id: string,
    claim: string,
    outcome: { outcome: 'success' | 'error'; errorCode?: string; callId?: string },
  ): Promise<boolean>;
  /** Mark due pending/approved requests expired; returns the ids this call expired. */
  expireDue(nowIso: string, id?: string): Promise<string[]>;
}

function encodeCursor(row: Pick<ApprovalRow, 'created_at' | 'id'>): string {
  return Buffer.from(`${row.created_at}|${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): { ts: string; id: string } | undefined {
  if (!cursor) return undefined;
  const [ts, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return ts && id ? { ts, id } : undefined;
}

/** The repository over the shared database (SQLite or PostgreSQL). */
export function createApprovalsRepo(db: Database): ApprovalsRepo {
  const k = db.kysely;
  return {
    async insert(row) {
      await k.insertInto('approvals').values(row).execute();
    },

    get: (id) => k.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst(),

    async list(query) {
      let q = k.selectFrom('approvals').selectAll();
      if (query.status) q = q.where('status', '=', query.status);
      if (query.operation) q = q.where('operation', '=', query.operation);
      if (query.requester) q = q.where('requester_id', '=', query.requester);
      const after = decodeCursor(query.cursor);
      if (after) {
        q = q.where((eb) => eb.or([eb('created_at', '<', after.ts), eb.and([eb('created_at', '=', after.ts), eb('id', '<', after.id)])]));
      }
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : undefined };
    },

    async votes(ids) {
      if (ids.length === 0) return [];
      return k
        .selectFrom('approval_votes')
        .selectAll()
        .where('approval_id', 'in', [...ids])
        .orderBy('ts')
        .orderBy('voter_key')
        .execute();
    },

    async addVote(vote, replace = false) {
      const result = await k
        .insertInto('approval_votes')
        .values(vote)
        .onConflict((oc) => {
          const target = oc.columns(['approval_id', 'voter_key']);
          return replace ? target.doUpdateSet({ decision: vote.decision, comment: vote.comment, ts: vote.ts }) : target.doNothing();
        })
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async countVotes(id, decision) {
      const row = await k
        .selectFrom('approval_votes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('approval_id', '=', id)
        .where('decision', '=', decision)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async decide(id, to, nowIso, expiresAt) {
      const result = await k
        .updateTable('approvals')
        .set({ status: to, decided_at: nowIso, ...(expiresAt ? { expires_at: expiresAt } : {}) })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('expires_at', '>', nowIso)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async consume(id, expect, claim, nowIso) {
      // One statement: the row changes for exactly one caller, whatever the dialect, replica or interleaving.
      const result = await k
        .updateTable('approvals')
        .set({ status: 'executed', executed_at: nowIso, execution_claim: claim })
        .where('id', '=', id)
        .where('status', '=', 'approved')
        .where('expires_at', '>', nowIso)
        .where('operation', '=', expect.operation)
        .where('args_digest', '=', expect.argsDigest)
        .where('requester_id', '=', expect.requesterId)
        .where('requester_type', '=', expect.requesterType)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async recordOutcome(id, claim, outcome) {
      const result = await k
        .updateTable('approvals')
        .set({
          execution_outcome: outcome.outcome,
          execution_error_code: outcome.errorCode ?? null,
          execution_call_id: outcome.callId ?? null,
        })
        .where('id', '=', id)
        .where('execution_claim', '=', claim)
        .where('execution_outcome', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async expireDue(nowIso, id) {
      let q = k.selectFrom('approvals').select('id').where('status', 'in', ['pending', 'approved']).where('expires_at', '<=', nowIso);
      if (id) q = q.where('id', '=', id);
      const due = await q.limit(500).execute();
      const expired: string[] = [];
      for (const { id: dueId } of due) {
        const result = await k
          .updateTable('approvals')
          .set({ status: 'expired' })
          .where('id', '=', dueId)
          .where('status', 'in', ['pending', 'approved'])
          .where('expires_at', '<=', nowIso)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) expired.push(dueId);
      }
      return expired;
    },
  };
}
