/**
 * The approvals decorator around the policy hook. When policy holds a call back for a human, it stores an approval
 * request and answers `require_approval` with the request's id (the pipeline turns that into E_APPROVAL_REQUIRED
 * before any destructive-call confirmation, so a requester's own "yes" never stands in for an approver). When a call
 * presents an approval (the `approvals_execute` seam), it consumes the approval for exactly that call, once.
 */
import type { PolicyDecision, PolicyHook, PolicyRequest } from '../../gateway/ports.js';
import type { ApprovalService } from './approval-service.js';

/** The part of the approval service the decorator uses. */
export type ApprovalGate = Pick<ApprovalService, 'request' | 'consume'>;

/**
 * Wrap `inner` (the policy engine) so `require_approval` creates a request and presented approvals are consumed.
 * A `deny` from `inner` always wins, also over an approval (which then stays unused).
 * @example createGateway({ ..., policy: withApprovals(policyEngine, services.approvals) })
 */
export function withApprovals(inner: PolicyHook, approvals: ApprovalGate): PolicyHook {
  async function evaluate(request: PolicyRequest): Promise<PolicyDecision> {
    const decision = await inner.evaluate(request);
    if (request.approval) {
      if (decision.effect === 'deny') return decision;
      const consumed = await approvals.consume({
        id: request.approval.id,
        claim: request.approval.claim,
        operation: request.operation,
        input: request.input,
        principal: request.principal,
      });
      if (!consumed.ok) return { effect: 'deny', reason: consumed.reason, rule: 'approval' };
      // The approval answers the rule that asked for it; a redaction the policy still wants stays in force.
      return decision.effect === 'require_approval' ? { ...(contextOf(decision) as object), effect: 'allow' } : decision;
    }
    if (decision.effect !== 'require_approval') return decision;
    const created = await approvals.request({
      operation: request.operation,
      effects: request.effects,
      input: request.input,
      principal: request.principal,
      face: request.face,
      reason: decision.reason,
      rules: rulesOf(decision),
    });
    const reason =
      `${decision.reason.replace(/\.?\s*$/, '.')} Approval request ${created.id} is waiting for ` +
      `${created.quorum === 1 ? 'an approver' : `${created.quorum} approvers`} other than you (permission approvals:decide) ` +
      `until ${created.expiresAt}: ${created.link}. Once it is approved, call approvals_execute with {"id":"${created.id}"} ` +
      'to run this exact call once; changed arguments need a new approval.';
    return { ...decision, reason, approvalId: created.id };
  }

  const hook: PolicyHook = { evaluate };
  if (inner.inspectOutput) {
    const inspect = inner.inspectOutput.bind(inner);
    hook.inspectOutput = (request, output) => inspect(request, output);
  }
  return hook;
}

/** The rules that demanded approval: every enforced `require_approval` match, else the decision's own rule. */
function rulesOf(decision: PolicyDecision & { effect: 'require_approval' }): string[] {
  // `matched` is the policy engine's list of axioms and rules that applied (absent for simpler hooks).
  const matched = (decision as { matched?: ReadonlyArray<{ id: string; effect: string; dryRun?: boolean }> }).matched ?? [];
  const ids = matched.filter((m) => m.effect === 'require_approval' && !m.dryRun).map((m) => m.id);
  if (ids.length) return [...new Set(ids)];
  return decision.rule ? [decision.rule] : [];
}

/**
 * The context a decision carries (matched rules, environment, and its commit — the approved run still counts
 * against budgets such as AX-20), kept when the decorator changes its effect.
 */
function contextOf(decision: PolicyDecision): Record<string, unknown> {
  const { matched, environment, commit } = decision;
  return {
    ...(matched !== undefined ? { matched } : {}),
    ...(environment !== undefined ? { environment } : {}),
    ...(commit !== undefined ? { commit } : {}),
  };
}
