import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApprovalsFixture, holdBack, openApprovals } from '../../../test/helpers/approvals.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { testDialects } from '../../../test/helpers/pg.js';
import { deleted, testkitServer } from '../../../test/helpers/test-tools.js';
import type { Principal } from '../../auth/principal.js';
import type { AppError } from '../../core/errors.js';
import type { CallRequest } from '../../gateway/pipeline.js';
import type { PolicyDecision } from '../../gateway/ports.js';
import { approvalsToolServer } from './index.js';
import { withApprovals } from './with-approvals.js';

const alice = principal('operator', 'alice');
const bob = principal('admin', 'bob');
const mallory = principal('operator', 'mallory');

describe.each(await testDialects())('approvals through the gateway (store on %s)', (dialect) => {
  let f: ApprovalsFixture;
  let g: TestGateway;
  const frozen = new Set<string>();

  beforeEach(async () => {
    deleted.length = 0;
    frozen.clear();
    f = await openApprovals(dialect);
    const approvals = approvalsToolServer({
      service: f.service,
      call: (name, input, request) => g.gateway.call(name, input, request),
      lookup: (name) => g.gateway.registry.get(name),
    });
    g = await createTestGateway({
      servers: [testkitServer, approvals],
      policy: withApprovals(holdBack(['testkit_write', 'testkit_delete'], frozen), f.service),
    });
  });
  afterEach(async () => {
    await g.cleanup();
    await f.cleanup();
  });

  const call = (name: string, args: unknown, who: Principal, extra: Partial<CallRequest> = {}) =>
    g.gateway.call(name, args, { face: 'rest', principal: who, requestId: 'req-1', ...extra });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => expect.unreachable('expected an error'),
      (e: AppError) => e,
    );

  /** Ask for a held-back call and have bob approve it; returns the approval id. */
  async function approved(name: string, args: Record<string, unknown>): Promise<string> {
    const error = await failure(call(name, args, alice));
    const id = error.details?.approvalId as string;
    await call('approvals_approve', { id }, bob);
    return id;
  }

  it('answers a held-back call with E_APPROVAL_REQUIRED carrying the request id and link', async () => {
    const error = await failure(call('testkit_delete', { name: 'db' }, alice, { confirmed: true }));
    expect(error.code).toBe('E_APPROVAL_REQUIRED');
    const id = error.details?.approvalId as string;
    expect(error.details).toMatchObject({ rule: 'test-prod-changes', approvalId: expect.any(String) });
    expect(error.message).toContain(`https://ce.example.test/api/approvals/${id}`);
    expect(error.message).toContain(`approvals_execute with {"id":"${id}"}`);
    expect(deleted).toEqual([]);
    expect(await f.service.get(id)).toMatchObject({ status: 'pending', operation: 'testkit_delete', arguments: { name: 'db' } });
  });

  it('runs an approved call once with the stored arguments for its requester', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    const result = await call('approvals_execute', { id }, alice, { confirmed: true });
    expect(result.output).toMatchObject({ id, operation: 'testkit_delete', result: { deleted: 'db' } });
    expect(deleted).toEqual(['db']);
    expect(await f.service.get(id)).toMatchObject({ status: 'executed', execution: { outcome: 'success' } });
  });

  it('denies a replay of an executed approval', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    await call('approvals_execute', { id }, alice, { confirmed: true });
    const error = await failure(call('approvals_execute', { id }, alice, { confirmed: true }));
    expect(error.code).toBe('E_POLICY_DENIED');
    expect(deleted).toEqual(['db']);
  });

  it('runs the call once when executions race', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => call('approvals_execute', { id }, alice, { confirmed: true })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(deleted).toEqual(['db']);
  });

  it('rejects arguments passed to approvals_execute', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    const error = await failure(call('approvals_execute', { id, arguments: { name: 'everything' } }, alice, { confirmed: true }));
    expect(error.code).toBe('E_VALIDATION');
    expect(deleted).toEqual([]);
  });

  it('denies a call that presents an approval with swapped arguments and keeps the approval', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    const swap = await failure(
      call('testkit_delete', { name: 'everything' }, alice, { confirmed: true, approval: { id, claim: 'forged' } }),
    );
    expect(swap.code).toBe('E_POLICY_DENIED');
    expect(deleted).toEqual([]);
    expect((await f.service.get(id)).status).toBe('approved');
  });

  it('asks for a new approval when the arguments change', async () => {
    const id = await approved('testkit_write', { value: 1 });
    const error = await failure(call('testkit_write', { value: 2 }, alice));
    expect(error.code).toBe('E_APPROVAL_REQUIRED');
    expect(error.details?.approvalId).not.toBe(id);
  });

  it('refuses execution by someone other than the requester', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    expect((await failure(call('approvals_execute', { id }, mallory, { confirmed: true }))).code).toBe('E_FORBIDDEN');
    expect(deleted).toEqual([]);
  });

  it('refuses approval by the requester', async () => {
    const error = await failure(call('testkit_write', { value: 1 }, bob));
    const id = error.details?.approvalId as string;
    expect((await failure(call('approvals_approve', { id }, bob))).code).toBe('E_FORBIDDEN');
  });

  it('refuses approval without approvals:decide', async () => {
    const error = await failure(call('testkit_write', { value: 1 }, alice));
    const id = error.details?.approvalId as string;
    expect((await failure(call('approvals_approve', { id }, mallory))).code).toBe('E_FORBIDDEN');
    expect((await f.service.get(id)).votes).toEqual([]);
  });

  it('still needs confirmation of a destructive approved call, and keeps the approval when it is missing', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    expect((await failure(call('approvals_execute', { id }, alice))).code).toBe('E_APPROVAL_REQUIRED');
    expect((await f.service.get(id)).status).toBe('approved');
    await call('approvals_execute', { id }, alice, { confirmed: true });
    expect(deleted).toEqual(['db']);
  });

  it('lets a policy deny at execution time win and leaves the approval unused', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    frozen.add('testkit_delete');
    expect((await failure(call('approvals_execute', { id }, alice, { confirmed: true }))).code).toBe('E_POLICY_DENIED');
    expect((await f.service.get(id)).status).toBe('approved');
  });

  it('checks the requester’s permission again at execution', async () => {
    const error = await failure(call('testkit_write', { value: 1 }, alice));
    const id = error.details?.approvalId as string;
    await call('approvals_approve', { id }, bob);
    const demoted = { ...alice, roles: ['viewer'] };
    expect((await failure(call('approvals_execute', { id }, demoted))).code).toBe('E_FORBIDDEN');
  });

  it('records every enforced rule that asked for approval', async () => {
    const engine = withApprovals(
      {
        evaluate: async () =>
          ({
            effect: 'require_approval',
            reason: 'Production.',
            rule: 'AX-01',
            matched: [
              { id: 'AX-01', kind: 'axiom', effect: 'require_approval', reason: 'destructive in production' },
              { id: 'AX-18', kind: 'axiom', effect: 'require_approval', reason: 'after hours', dryRun: true },
              { id: 'team-rule', kind: 'rule', effect: 'require_approval', reason: 'team policy' },
              { id: 'AX-07', kind: 'axiom', effect: 'redact', reason: 'secret' },
            ],
          }) as PolicyDecision,
      },
      f.service,
    );
    const decision = await engine.evaluate({
      operation: 'testkit_delete',
      effects: 'destructive',
      permission: 'deploy:execute',
      input: { name: 'db' },
      principal: alice,
      face: 'rest',
    });
    const id = (decision as { approvalId: string }).approvalId;
    expect((await f.service.get(id)).rules).toEqual(['AX-01', 'team-rule']);
  });

  it('audits the held-back call, the decision and the executed call', async () => {
    const id = await approved('testkit_delete', { name: 'db' });
    await call('approvals_execute', { id }, alice, { confirmed: true });
    const calls = await g.audit.query({ action: 'operation.call', limit: 10 });
    expect(calls.items.map((e) => [e.target, e.outcome]).reverse()).toEqual([
      ['testkit_delete', 'denied'],
      ['approvals_approve', 'success'],
      ['testkit_delete', 'success'],
      ['approvals_execute', 'success'],
    ]);
    const events = await f.audit.query({ action: 'approval.', limit: 10 });
    expect(events.items.map((e) => e.action).reverse()).toEqual(['approval.request', 'approval.approve', 'approval.execute']);
  });
});
