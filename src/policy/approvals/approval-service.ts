/**
 * The approval lifecycle: a call that policy holds back becomes a request (pending); approvers other than the
 * requester approve (until the quorum) or deny; an approved request executes exactly once for its requester with
 * its stored arguments (executed), or expires. Every step is audited and announced to the notifier.
 */
import type { AuditOutcome, AuditSink, Principal } from '../../auth/principal.js';
import type { ApprovalSettings } from '../../core/config/approvals.js';
import type { Clock, Ids } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Database } from '../../db/database.js';
import { matchesAny } from '../../gateway/glob.js';
import type { Effects, Face } from '../../gateway/operation.js';
import { redact as defaultRedact } from '../../security/redact.js';
import { type Accountable, createAccountable } from './accountable.js';
import { type ApprovalView, toApprovalView } from './approval-view.js';
import { type ApprovalListQuery, type ApprovalRow, createApprovalsRepo } from './approvals-repo.js';
import { approvalDigest } from './digest.js';
import { type ApprovalEventType, type ApprovalNotifier, silentNotifier } from './notifier.js';

/** Seals the full arguments at rest; `context` binds an envelope to one request. */
export interface ArgumentsBox {
  seal(plain: string, context: string): string;
  open(stored: string, context: string): string;
}

export interface ApprovalServiceOptions {
  db: Database;
  clock: Clock;
  ids: Ids;
  log: Logger;
  audit: AuditSink;
  settings: Pick<ApprovalSettings, 'ttlMinutes' | 'executeWithinMinutes' | 'quorum' | 'quorumByOperation'>;
  /** The secrets-at-rest box (src/main passes services.security.secrets). */
  argsBox: ArgumentsBox;
  notifier?: ApprovalNotifier;
  /** The redactor for displayed arguments (default: src/security's). */
  redact?: <T>(value: T) => T;
  /** Default: API keys answer to their owner (looked up in the database). */
  accountable?: Accountable;
  /** The link shown to requesters and approvers. Default: `/api/approvals/<id>`. */
  linkFor?: (id: string) => string;
}

/** A call policy held back, as the approvals decorator hands it over. */
export interface NewApproval {
  operation: string;
  effects: Effects;
  input: Record<string, unknown>;
  principal: Principal;
  face: Face;
  reason: string;
  rules: readonly string[];
}

/** What an execution needs: the stored call and the single-use claim that will consume the approval. */
export interface PreparedExecution {
  id: string;
  operation: string;
  input: Record<string, unknown>;
  claim: string;
}

/** A call that presents an approval to the policy step. */
export interface PresentedApproval {
  id: string;
  claim: string;
  operation: string;
  input: Record<string, unknown>;
  principal: Principal;
}

/** The approvals capability. */
export interface ApprovalService {
  /** Store a request for a held-back call (full arguments sealed, a redacted copy for display). */
  request(input: NewApproval): Promise<ApprovalView>;
  list(query: ApprovalListQuery): Promise<{ approvals: ApprovalView[]; nextCursor: string | undefined }>;
  get(id: string): Promise<ApprovalView>;
  /** One approve vote; approves the request once the quorum is reached. The requester is refused. */
  approve(id: string, approver: Principal, comment?: string): Promise<ApprovalView>;
  /** Deny the request (one deny is final). The requester is refused. */
  deny(id: string, approver: Principal, reason: string): Promise<ApprovalView>;
  /** Check that `principal` may execute the approved request now and hand out its stored call. */
  prepareExecution(id: string, principal: Principal): Promise<PreparedExecution>;
  /** Consume the approval for exactly this call (compare-and-set); the reason when it does not apply. */
  consume(presented: PresentedApproval): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Record how the consuming execution ended (no-op when `claim` consumed nothing). */
  recordOutcome(
    id: string,
    claim: string,
    outcome: { outcome: 'success' | 'error'; errorCode?: string; callId?: string },
  ): Promise<boolean>;
  /** Expire due requests now (reads do it too); returns how many expired. */
  expireDue(): Promise<number>;
  /** Resolves when notifications sent so far are delivered or given up (tests, shutdown). */
  idle(): Promise<void>;
}

const MINUTE_MS = 60_000;

/**
 * Build the service over the shared database.
 * @example const approvals = createApprovalService({ db, clock, ids, log, audit, settings: config.approvals, argsBox })
 */
export function createApprovalService(options: ApprovalServiceOptions): ApprovalService {
  const { clock, ids, settings } = options;
  const repo = createApprovalsRepo(options.db);
  const notifier = options.notifier ?? silentNotifier;
  const redact = options.redact ?? defaultRedact;
  const accountable = options.accountable ?? createAccountable(options.db);
  const linkFor = options.linkFor ?? ((id: string) => `/api/approvals/${id}`);
  const inFlight = new Set<Promise<void>>();
  const iso = (ms: number) => new Date(ms).toISOString();
  const argsContext = (id: string) => `approvals:args:${id}`;

  const view = async (row: ApprovalRow) => toApprovalView(row, await repo.votes([row.id]), linkFor(row.id));

  function notify(type: ApprovalEventType, approval: ApprovalView): void {
    const p = notifier.notify({ type, approval }).catch((err: unknown) => options.log.warn({ err, type }, 'approval notifier failed'));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  async function audit(action: string, outcome: AuditOutcome, who: Principal, id: string, details: Record<string, unknown>) {
    await options.audit.record({ action, outcome, principal: { id: who.id, type: who.type }, target: `approval:${id}`, details });
  }

  function quorumFor(operation: string): number {
    let quorum = settings.quorum;
    for (const [glob, n] of Object.entries(settings.quorumByOperation)) if (matchesAny(operation, [glob])) quorum = Math.max(quorum, n);
    return quorum;
  }

  /** Load a request, expiring it first when it is due (check on read). */
  async function load(id: string): Promise<ApprovalRow> {
    const expired = await repo.expireDue(iso(clock.now()), id);
    if (expired.length) await announceExpired(expired);
    const row = await repo.get(id);
    if (!row) throw new AppError('E_NOT_FOUND', `No approval request "${id}".`);
    return row;
  }

  async function announceExpired(expiredIds: readonly string[]): Promise<void> {
    for (const id of expiredIds) {
      const row = await repo.get(id);
      if (!row) continue;
      await options.audit.record({ action: 'approval.expire', outcome: 'success', principal: null, target: `approval:${id}`, details: {} });
      notify('approval.expired', await view(row));
    }
  }

  function notPending(row: ApprovalRow): AppError {
    return new AppError('E_CONFLICT', `Approval request ${row.id} is ${row.status}, not pending: it can no longer be decided.`, {
      details: { status: row.status },
    });
  }

  /** Refuse the requester (and anyone acting for them) as approver. */
  async function assertNotRequester(row: ApprovalRow, approver: Principal, action: string): Promise<string> {
    const key = await accountable(approver);
    if (key !== row.requester_key) return key;
    await audit(action, 'denied', approver, row.id, { reason: 'requester' });
    throw new AppError('E_FORBIDDEN', `You requested ${row.operation} (approval ${row.id}); another approver must decide it.`, {
      details: { reason: 'requester' },
    });
  }

  return {
    async request(input) {
      const id = ids.uuid();
      const now = clock.now();
      const row: ApprovalRow = {
        id,
        operation: input.operation,
        effects: input.effects,
        args_sealed: options.argsBox.seal(JSON.stringify(input.input), argsContext(id)),
        args_redacted: JSON.stringify(redact(input.input)),
        args_digest: approvalDigest(input.operation, input.input),
        requester_id: input.principal.id,
        requester_type: input.principal.type,
        requester_name: input.principal.name,
        requester_key: await accountable(input.principal),
        face: input.face,
        reason: input.reason.slice(0, 1000),
        rules: JSON.stringify(input.rules),
        quorum: quorumFor(input.operation),
        status: 'pending',
        created_at: iso(now),
        expires_at: iso(now + settings.ttlMinutes * MINUTE_MS),
        decided_at: null,
        executed_at: null,
        execution_claim: null,
        execution_outcome: null,
        execution_error_code: null,
        execution_call_id: null,
      };
      await repo.insert(row);
      await audit('approval.request', 'success', input.principal, id, {
        operation: row.operation,
        argsDigest: row.args_digest,
        rules: input.rules,
        quorum: row.quorum,
        expiresAt: row.expires_at,
      });
      const v = toApprovalView(row, [], linkFor(id));
      notify('approval.requested', v);
      return v;
    },

    async list(query) {
      const expired = await repo.expireDue(iso(clock.now()));
      if (expired.length) await announceExpired(expired);
      const { rows, nextCursor } = await repo.list(query);
      const votes = await repo.votes(rows.map((r) => r.id));
      return { approvals: rows.map((r) => toApprovalView(r, votes, linkFor(r.id))), nextCursor };
    },

    get: async (id) => view(await load(id)),

    async approve(id, approver, comment) {
      const row = await load(id);
      if (row.status !== 'pending') throw notPending(row);
      const key = await assertNotRequester(row, approver, 'approval.approve');
      const now = clock.now();
      const fresh = await repo.addVote({
        approval_id: id,
        voter_key: key,
        voter_id: approver.id,
        voter_type: approver.type,
        voter_name: approver.name,
        decision: 'approve',
        comment: comment ?? null,
        ts: iso(now),
      });
      if (!fresh) throw new AppError('E_CONFLICT', `You already voted on approval request ${id}; another approver is needed.`);
      const approvals = await repo.countVotes(id, 'approve');
      const reached =
        approvals >= row.quorum && (await repo.decide(id, 'approved', iso(now), iso(now + settings.executeWithinMinutes * MINUTE_MS)));
      await audit('approval.approve', 'success', approver, id, { approvals, quorum: row.quorum, approved: reached });
      const v = await view(await load(id));
      if (reached) notify('approval.approved', v);
      return v;
    },

    async deny(id, approver, reason) {
      const row = await load(id);
      if (row.status !== 'pending') throw notPending(row);
      const key = await assertNotRequester(row, approver, 'approval.deny');
      const now = clock.now();
      await repo.addVote(
        {
          approval_id: id,
          voter_key: key,
          voter_id: approver.id,
          voter_type: approver.type,
          voter_name: approver.name,
          decision: 'deny',
          comment: reason,
          ts: iso(now),
        },
        true,
      );
      const denied = await repo.decide(id, 'denied', iso(now));
      if (!denied) throw notPending((await repo.get(id)) ?? row);
      await audit('approval.deny', 'success', approver, id, { reason });
      const v = await view(await load(id));
      notify('approval.denied', v);
      return v;
    },

    async prepareExecution(id, principal) {
      const row = await load(id);
      if (row.requester_id !== principal.id || row.requester_type !== principal.type) {
        await audit('approval.execute', 'denied', principal, id, { reason: 'not_requester' });
        throw new AppError('E_FORBIDDEN', `Only the requester (${row.requester_name}) can execute approval ${id}.`);
      }
      switch (row.status) {
        case 'pending':
          throw new AppError(
            'E_CONFLICT',
            `Approval request ${id} is still pending (${await repo.countVotes(id, 'approve')}/${row.quorum} approvals); try again once it is approved.`,
            { details: { status: row.status } },
          );
        case 'approved':
          break;
        default: {
          await audit('approval.execute', 'denied', principal, id, { reason: row.status });
          const why =
            row.status === 'executed'
              ? `was already executed at ${row.executed_at}; a replay needs a new approval`
              : `is ${row.status}; the call needs a new approval`;
          throw new AppError('E_POLICY_DENIED', `Approval request ${id} ${why}.`, { details: { status: row.status, rule: 'approval' } });
        }
      }
      const input = JSON.parse(options.argsBox.open(row.args_sealed, argsContext(id))) as Record<string, unknown>;
      return { id, operation: row.operation, input, claim: ids.uuid() };
    },

    async consume(presented) {
      const { id, principal } = presented;
      const digest = approvalDigest(presented.operation, presented.input);
      const ok = await repo.consume(
        id,
        { operation: presented.operation, argsDigest: digest, requesterId: principal.id, requesterType: principal.type },
        presented.claim,
        iso(clock.now()),
      );
      if (ok) {
        await audit('approval.execute', 'success', principal, id, { operation: presented.operation, argsDigest: digest });
        return { ok: true };
      }
      const row = await repo.get(id);
      const reason = !row
        ? `No approval request "${id}".`
        : row.operation !== presented.operation || row.args_digest !== digest
          ? `Approval ${id} covers ${row.operation} with other arguments; a changed call needs a new approval.`
          : row.requester_id !== principal.id || row.requester_type !== principal.type
            ? `Approval ${id} belongs to another requester.`
            : `Approval ${id} is ${row.status === 'approved' ? 'expired' : row.status}; it cannot run this call.`;
      await audit('approval.execute', 'denied', principal, id, { operation: presented.operation, argsDigest: digest, reason });
      return { ok: false, reason };
    },

    async recordOutcome(id, claim, outcome) {
      const recorded = await repo.recordOutcome(id, claim, outcome);
      if (recorded) {
        const row = await repo.get(id);
        if (row) notify('approval.executed', await view(row));
      }
      return recorded;
    },

    async expireDue() {
      const expired = await repo.expireDue(iso(clock.now()));
      await announceExpired(expired);
      return expired.length;
    },

    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
