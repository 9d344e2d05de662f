/**
 * Row types of the approvals capability (`approvals`, `approval_votes`), merged into the shared Tables.
 * Times are ISO-8601 UTC text, JSON is text (see src/db/tables.ts).
 */
import '../../db/tables.js';

/** One approval request: what was asked, by whom, why, and where it is in its lifecycle. */
export interface ApprovalsTable {
  id: string;
  operation: string;
  effects: string;
  /** The full validated arguments, sealed with the secrets-at-rest box (context `approvals:args:<id>`). */
  args_sealed: string;
  /** Redacted arguments as JSON, for display and notifications. */
  args_redacted: string;
  /** `sha256:<hex>` of the canonical JSON of { operation, input } (full arguments). */
  args_digest: string;
  requester_id: string;
  requester_type: string;
  requester_name: string;
  /** Who is accountable for the requester (`user:<id>` for API keys): nobody approves their own request. */
  requester_key: string;
  face: string;
  reason: string;
  /** JSON array of the policy rules that demanded approval. */
  rules: string;
  quorum: number;
  status: string;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  executed_at: string | null;
  /** The single-use token of the execution that consumed this approval. */
  execution_claim: string | null;
  execution_outcome: string | null;
  execution_error_code: string | null;
  execution_call_id: string | null;
}

/** One approver's vote; one per accountable party and request. */
export interface ApprovalVotesTable {
  approval_id: string;
  voter_key: string;
  voter_id: string;
  voter_type: string;
  voter_name: string;
  decision: string;
  comment: string | null;
  ts: string;
}

declare module '../../db/tables.js' {
  interface Tables {
    approvals: ApprovalsTable;
    approval_votes: ApprovalVotesTable;
  }
}
