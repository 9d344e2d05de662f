/**
 * The client-facing shape of an approval request (operations, REST, CLI, webhooks) and its mapping from rows.
 * Only redacted arguments ever leave the store.
 */
import { z } from 'zod';
import { APPROVAL_STATUSES, type ApprovalRow, type ApprovalStatus, type VoteRow } from './approvals-repo.js';

const party = z.object({ id: z.string(), type: z.string(), name: z.string() });

/** One approver's vote. */
export const voteSchema = z.object({
  voter: party,
  decision: z.enum(['approve', 'deny']),
  comment: z.string().nullable(),
  at: z.string().describe('ISO-8601 time'),
});

/** An approval request as clients see it. */
export const approvalViewSchema = z.object({
  id: z.string(),
  operation: z.string(),
  effects: z.string(),
  status: z.enum(APPROVAL_STATUSES as [ApprovalStatus, ...ApprovalStatus[]]),
  arguments: z.record(z.string(), z.unknown()).describe('The arguments, redacted for display; execution uses the stored originals'),
  argsDigest: z.string().describe('sha256 of the canonical { operation, full arguments }'),
  requester: party,
  face: z.string(),
  reason: z.string(),
  rules: z.array(z.string()).describe('The policy rules that demanded approval'),
  quorum: z.number().int(),
  approvals: z.number().int().describe('Approve votes so far'),
  votes: z.array(voteSchema),
  createdAt: z.string(),
  expiresAt: z.string().describe('Until then a pending request can be decided, an approved one executed'),
  decidedAt: z.string().nullable(),
  executedAt: z.string().nullable(),
  execution: z
    .object({ outcome: z.enum(['success', 'error']).nullable(), errorCode: z.string().nullable(), callId: z.string().nullable() })
    .nullable(),
  link: z.string().describe('Where an approver finds it (REST resource)'),
});

/** An approval request as clients see it. */
export type ApprovalView = z.infer<typeof approvalViewSchema>;

/** Build the view of a row and its votes. */
export function toApprovalView(row: ApprovalRow, votes: readonly VoteRow[], link: string): ApprovalView {
  const mine = votes.filter((v) => v.approval_id === row.id);
  return {
    id: row.id,
    operation: row.operation,
    effects: row.effects,
    status: row.status as ApprovalStatus,
    arguments: JSON.parse(row.args_redacted) as Record<string, unknown>,
    argsDigest: row.args_digest,
    requester: { id: row.requester_id, type: row.requester_type, name: row.requester_name },
    face: row.face,
    reason: row.reason,
    rules: JSON.parse(row.rules) as string[],
    quorum: row.quorum,
    approvals: mine.filter((v) => v.decision === 'approve').length,
    votes: mine.map((v) => ({
      voter: { id: v.voter_id, type: v.voter_type, name: v.voter_name },
      decision: v.decision as 'approve' | 'deny',
      comment: v.comment,
      at: v.ts,
    })),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    decidedAt: row.decided_at,
    executedAt: row.executed_at,
    execution:
      row.status === 'executed'
        ? {
            outcome: row.execution_outcome as 'success' | 'error' | null,
            errorCode: row.execution_error_code,
            callId: row.execution_call_id,
          }
        : null,
    link,
  };
}

/** One line for humans: `3f2… testkit_delete pending 0/1 by alice, expires …`. */
export function renderApproval(v: ApprovalView): string {
  const votes = v.status === 'pending' ? ` ${v.approvals}/${v.quorum}` : '';
  return `${v.id} ${v.operation} ${v.status}${votes} requested by ${v.requester.name} (${v.reason}); expires ${v.expiresAt}`;
}
