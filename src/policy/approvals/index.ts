/**
 * Approvals: requests for calls policy holds back, human decisions (quorum, expiry), execution exactly once, and
 * notifications. See docs/approvals.md.
 */
import type { ToolServer } from '../../gateway/operation.js';
import { approvalDecisionOps } from './approval-ops.js';
import { type ExecuteApprovedDeps, executeApprovedOp } from './execute-approved.js';

export { type ApprovalService, type ArgumentsBox, createApprovalService } from './approval-service.js';
export { type ApprovalView, approvalViewSchema } from './approval-view.js';
export { approvalsMigrations } from './migrations.js';
export { type ApprovalNotifier, combineNotifiers, createWebhookNotifier, silentNotifier, webhookSignature } from './notifier.js';
export { createSlackNotifier } from './slack-notifier.js';
export { withApprovals } from './with-approvals.js';

/**
 * The `approvals` tool server: list, get, approve, deny and execute.
 * @example registry.register(approvalsToolServer({ service: services.approvals, call: (...a) => gateway.call(...a), lookup: registry.get }))
 */
export function approvalsToolServer(deps: ExecuteApprovedDeps): ToolServer {
  return {
    name: 'approvals',
    title: 'Approvals',
    description: 'Calls held back by policy for a human: list, approve or deny them, and run an approved call once.',
    operations: [...approvalDecisionOps(deps.service), executeApprovedOp(deps)],
  };
}
