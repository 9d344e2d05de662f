/**
 * `approvals_list|get|approve|deny`: approval requests as operations, also at `/api/approvals…` REST routes and as
 * `code-engine approvals …` commands. Reading needs `approvals:read`, deciding `approvals:decide` (never for the
 * requester's own request).
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { ApprovalService } from './approval-service.js';
import { approvalViewSchema, renderApproval } from './approval-view.js';
import { APPROVAL_STATUSES, type ApprovalStatus } from './approvals-repo.js';

/** An approval request id. */
export const approvalId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)
  .describe('Approval request id, as E_APPROVAL_REQUIRED reported it');

const EXAMPLE_ID = '0b7c6a1e-5d2f-4c1a-9f6e-2a4b8c9d0e1f';

/** The read and decide operations over the approval service. */
export function approvalDecisionOps(service: ApprovalService): Operation[] {
  return [
    defineOperation({
      name: 'approvals_list',
      title: 'List approval requests',
      description:
        'Approval requests, newest first: operation, redacted arguments, requester, reason, rules, votes and expiry. Expired requests are marked as they are read.',
      input: z.object({
        status: z
          .enum(APPROVAL_STATUSES as [ApprovalStatus, ...ApprovalStatus[]])
          .optional()
          .describe('Only requests in this status'),
        operation: z.string().max(200).optional().describe('Only requests for this operation'),
        requester: z.string().max(200).optional().describe('Only requests of this principal id'),
        limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1–200, default 50)'),
        cursor: z.string().max(400).optional().describe('`nextCursor` of the previous page'),
      }),
      output: z.object({ approvals: z.array(approvalViewSchema), nextCursor: z.string().optional() }),
      permission: 'approvals:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/approvals' },
      example: { status: 'pending' },
      render: (o) => (o.approvals.length ? o.approvals.map(renderApproval).join('\n') : 'No approval requests.'),
      run: async (input) => {
        const page = await service.list(input);
        return { approvals: page.approvals, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
      },
    }),
    defineOperation({
      name: 'approvals_get',
      title: 'Get an approval request',
      description: 'One approval request with its redacted arguments, votes, expiry and execution outcome.',
      input: z.object({ id: approvalId }),
      output: approvalViewSchema,
      permission: 'approvals:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/approvals/:id' },
      example: { id: EXAMPLE_ID },
      render: renderApproval,
      run: async (input) => service.get(input.id),
    }),
    defineOperation({
      name: 'approvals_approve',
      title: 'Approve a request',
      description:
        'Vote to approve a pending request; it is approved once it has its quorum of distinct approvers. The requester cannot approve their own request. The requester then runs it once with approvals_execute.',
      input: z.object({ id: approvalId, comment: z.string().max(500).optional().describe('Why (kept with the vote and audited)') }),
      output: approvalViewSchema,
      permission: 'approvals:decide',
      effects: 'write',
      http: { method: 'POST', path: '/api/approvals/:id/approve' },
      example: { id: EXAMPLE_ID, comment: 'Checked the change window.' },
      render: renderApproval,
      run: async (input, ctx) => service.approve(input.id, ctx.principal, input.comment),
    }),
    defineOperation({
      name: 'approvals_deny',
      title: 'Deny a request',
      description: 'Deny a pending request; one deny is final. The requester cannot decide their own request.',
      input: z.object({ id: approvalId, reason: z.string().min(1).max(500).describe('Why, shown to the requester') }),
      output: approvalViewSchema,
      permission: 'approvals:decide',
      effects: 'write',
      http: { method: 'POST', path: '/api/approvals/:id/deny' },
      example: { id: EXAMPLE_ID, reason: 'Not during the freeze.' },
      render: renderApproval,
      run: async (input, ctx) => service.deny(input.id, ctx.principal, input.reason),
    }),
  ];
}
