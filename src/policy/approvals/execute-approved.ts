/**
 * `approvals_execute`: the requester runs an approved call — the stored operation with the stored arguments —
 * through the whole gateway pipeline again (modes, RBAC, validation, policy, timeouts, audit). The policy step
 * consumes the approval with a compare-and-set, so the call runs at most once however often or concurrently this
 * is called; the input is only the id, so the arguments cannot be swapped.
 */
import { z } from 'zod';
import { AppError, toAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { CallRequest, CallResult } from '../../gateway/pipeline.js';
import { redact } from '../../security/redact.js';
import { approvalId } from './approval-ops.js';
import type { ApprovalService } from './approval-service.js';

export interface ExecuteApprovedDeps {
  service: ApprovalService;
  /** The gateway's `call` (bound late: the gateway is built after its tool servers). */
  call(name: string, input: unknown, request: CallRequest): Promise<CallResult>;
  /** Look an operation up by name (its title and effects, for the confirmation). */
  lookup(name: string): Pick<Operation, 'name' | 'title' | 'effects'> | undefined;
}

/** Long enough for any approved call: the inner call keeps its own timeout. */
const EXECUTE_TIMEOUT_MS = 3_600_000;

/** The operation that executes approved calls. */
export function executeApprovedOp(deps: ExecuteApprovedDeps): Operation {
  return defineOperation({
    name: 'approvals_execute',
    title: 'Execute an approved call',
    description:
      'Run an approved call once: the stored operation with the stored arguments, as the requester who asked for it. ' +
      'Only the requester may run it, only while approved and unexpired; a second run is denied. A destructive call still needs confirmation (REST "confirm": true or x-confirm, CLI --yes, MCP elicitation).',
    input: z.strictObject({ id: approvalId }),
    output: z.object({
      id: z.string(),
      operation: z.string(),
      callId: z.string().describe('Call id of the executed operation (see /api/mcp/calls)'),
      result: z.unknown().describe('The operation’s own result'),
      text: z.string(),
    }),
    permission: 'approvals:execute',
    effects: 'write',
    idempotent: false,
    timeoutMs: EXECUTE_TIMEOUT_MS,
    http: { method: 'POST', path: '/api/approvals/:id/execute' },
    example: { id: '0b7c6a1e-5d2f-4c1a-9f6e-2a4b8c9d0e1f' },
    render: (o) => o.text,
    run: async (input, ctx) => {
      const prepared = await deps.service.prepareExecution(input.id, ctx.principal);
      const op = deps.lookup(prepared.operation);
      if (!op) throw new AppError('E_NOT_FOUND', `The approved operation ${prepared.operation} is no longer available.`);
      let confirmed = ctx.confirmed === true;
      if (op.effects === 'destructive' && !confirmed) {
        // Ask before the approval is consumed, so a "no" leaves the approval usable.
        if (!ctx.confirm) {
          throw new AppError(
            'E_APPROVAL_REQUIRED',
            `${op.name} is destructive: confirm the approved call (MCP elicitation, REST "confirm": true or header x-confirm: true, CLI --yes).`,
          );
        }
        const summary = JSON.stringify(redact(prepared.input)).slice(0, 500);
        const answer = await ctx.confirm(`Run the approved "${op.title}" (${op.name}) with ${summary}? It is destructive.`);
        if (answer !== 'accept')
          throw new AppError('E_CANCELLED', `The user ${answer === 'decline' ? 'declined' : 'cancelled'} ${op.name}.`);
        confirmed = true;
      }
      const approval = { id: prepared.id, claim: prepared.claim };
      try {
        const result = await deps.call(prepared.operation, prepared.input, {
          face: ctx.face,
          principal: ctx.principal,
          requestId: ctx.requestId,
          signal: ctx.signal,
          onProgress: (u) => ctx.progress(u),
          confirmed,
          // approvals_execute itself was charged to the caller's budget.
          rateLimited: true,
          approval,
        });
        await deps.service.recordOutcome(prepared.id, prepared.claim, { outcome: 'success', callId: result.callId });
        return { id: prepared.id, operation: result.operation, callId: result.callId, result: result.output, text: result.text };
      } catch (e) {
        const error = toAppError(e);
        const consumed = await deps.service.recordOutcome(prepared.id, prepared.claim, { outcome: 'error', errorCode: error.code });
        if (!consumed) throw error;
        throw new AppError(error.code, `${error.message} The approval is used up: running the call again needs a new approval.`, {
          cause: e,
          ...(error.details ? { details: error.details } : {}),
          retryable: false,
        });
      }
    },
  });
}
