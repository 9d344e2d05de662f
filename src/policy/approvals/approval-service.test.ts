import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApprovalsFixture, openApprovals } from '../../../test/helpers/approvals.js';
import { testDialects } from '../../../test/helpers/pg.js';
import type { Principal } from '../../auth/principal.js';
import type { NewApproval } from './approval-service.js';

const alice: Principal = { id: 'u-alice', type: 'user', name: 'alice', roles: ['operator'] };
const bob: Principal = { id: 'u-bob', type: 'user', name: 'bob', roles: ['admin'] };
const carol: Principal = { id: 'u-carol', type: 'user', name: 'carol', roles: ['admin'] };
const MINUTE = 60_000;

const scaleToZero = (principal: Principal = alice): NewApproval => ({
  operation: 'kubernetes_scale_deployment',
  effects: 'write',
  input: { namespace: 'prod', name: 'api', replicas: 0, token: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789' },
  principal,
  face: 'mcp-http',
  reason: 'Changes in production need approval.',
  rules: ['prod-changes'],
});

describe.each(await testDialects())('approval service on %s', (dialect) => {
  let f: ApprovalsFixture;
  beforeEach(async () => {
    f = await openApprovals(dialect);
  });
  afterEach(async () => {
    await f.cleanup();
  });

  it('stores a pending request with redacted arguments, requester, reason, rules and expiry', async () => {
    const v = await f.service.request(scaleToZero());
    expect(v).toMatchObject({
      operation: 'kubernetes_scale_deployment',
      status: 'pending',
      requester: { id: 'u-alice', type: 'user', name: 'alice' },
      reason: 'Changes in production need approval.',
      rules: ['prod-changes'],
      quorum: 1,
      approvals: 0,
      createdAt: '2026-11-27T09:00:00.000Z',
      expiresAt: '2026-11-27T10:00:00.000Z',
      link: `https://ce.example.test/api/approvals/${v.id}`,
    });
    expect(v.arguments).toMatchObject({ namespace: 'prod', replicas: 0 });
    expect(JSON.stringify(v.arguments)).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
  });

  it('keeps the full arguments sealed at rest', async () => {
    const v = await f.service.request(scaleToZero());
    const row = await f.t.db.kysely.selectFrom('approvals').selectAll().where('id', '=', v.id).executeTakeFirstOrThrow();
    expect(row.args_sealed).not.toContain('ghp_');
    expect(row.args_sealed).not.toContain('prod');
  });

  it('hands the requester the full stored arguments for execution', async () => {
    const { id } = await f.service.request(scaleToZero());
    await f.service.approve(id, bob);
    const prepared = await f.service.prepareExecution(id, alice);
    expect(prepared).toMatchObject({ id, operation: 'kubernetes_scale_deployment', input: scaleToZero().input });
  });

  it('refuses approval by the requester', async () => {
    const { id } = await f.service.request(scaleToZero(bob));
    await expect(f.service.approve(id, bob)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect((await f.service.get(id)).status).toBe('pending');
  });

  it('refuses approval through another API key of the requesting user', async () => {
    const now = new Date(f.clock.now()).toISOString();
    await f.t.db.kysely
      .insertInto('users')
      .values({
        id: 'u-bob',
        username: 'bob',
        email: null,
        display_name: null,
        password_hash: 'x',
        disabled: 0,
        failed_attempts: 0,
        locked_until: null,
        token_version: 0,
        mfa_enabled: 0,
        created_at: now,
        updated_at: now,
        last_login_at: null,
        password_changed_at: now,
      })
      .execute();
    await f.t.db.kysely
      .insertInto('api_keys')
      .values({ id: 'k-bob', user_id: 'u-bob', name: 'laptop', secret_hash: 'x', scopes: '["*:*"]', created_at: now })
      .execute();
    const { id } = await f.service.request(scaleToZero(bob));
    const bobsKey: Principal = { id: 'k-bob', type: 'api_key', name: 'laptop', roles: ['admin'] };
    await expect(f.service.approve(id, bobsKey)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses a decision by the requester for deny as well', async () => {
    const { id } = await f.service.request(scaleToZero(bob));
    await expect(f.service.deny(id, bob, 'changed my mind')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('approves once a single approver votes with the default quorum', async () => {
    const { id } = await f.service.request(scaleToZero());
    const v = await f.service.approve(id, bob, 'window is open');
    expect(v).toMatchObject({ status: 'approved', approvals: 1, decidedAt: '2026-11-27T09:00:00.000Z' });
    expect(v.votes).toEqual([
      { voter: { id: 'u-bob', type: 'user', name: 'bob' }, decision: 'approve', comment: 'window is open', at: v.decidedAt },
    ]);
  });

  it('needs distinct approvers up to the quorum', async () => {
    await f.cleanup();
    f = await openApprovals(dialect, { settings: { quorumByOperation: { 'kubernetes_*': 2 } } });
    const { id, quorum } = await f.service.request(scaleToZero());
    expect(quorum).toBe(2);
    expect(await f.service.approve(id, bob)).toMatchObject({ status: 'pending', approvals: 1 });
    await expect(f.service.approve(id, bob)).rejects.toMatchObject({ code: 'E_CONFLICT' });
    expect(await f.service.approve(id, carol)).toMatchObject({ status: 'approved', approvals: 2 });
  });

  it('ends a request with one deny', async () => {
    const { id } = await f.service.request(scaleToZero());
    expect(await f.service.deny(id, bob, 'freeze')).toMatchObject({ status: 'denied', votes: [{ decision: 'deny', comment: 'freeze' }] });
    await expect(f.service.approve(id, carol)).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });

  it('expires a pending request after its lifetime', async () => {
    const { id } = await f.service.request(scaleToZero());
    f.clock.advance(60 * MINUTE);
    expect((await f.service.get(id)).status).toBe('expired');
    await expect(f.service.approve(id, bob)).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });

  it('expires an approved request that is not executed in time', async () => {
    const { id } = await f.service.request(scaleToZero());
    await f.service.approve(id, bob);
    f.clock.advance(30 * MINUTE);
    await expect(f.service.prepareExecution(id, alice)).rejects.toMatchObject({ code: 'E_POLICY_DENIED' });
    expect((await f.service.get(id)).status).toBe('expired');
  });

  it('marks due requests expired when listing', async () => {
    await f.service.request(scaleToZero());
    f.clock.advance(61 * MINUTE);
    const { approvals } = await f.service.list({ limit: 10 });
    expect(approvals.map((a) => a.status)).toEqual(['expired']);
  });

  it('refuses execution by anyone but the requester', async () => {
    const { id } = await f.service.request(scaleToZero());
    await f.service.approve(id, bob);
    await expect(f.service.prepareExecution(id, carol)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses execution while the request is pending', async () => {
    const { id } = await f.service.request(scaleToZero());
    await expect(f.service.prepareExecution(id, alice)).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });

  it('lets exactly one of many concurrent executions consume an approval', async () => {
    const { id } = await f.service.request(scaleToZero());
    await f.service.approve(id, bob);
    const { input } = await f.service.prepareExecution(id, alice);
    const attempts = Array.from({ length: 12 }, (_, i) =>
      f.service.consume({ id, claim: `claim-${i}`, operation: 'kubernetes_scale_deployment', input, principal: alice }),
    );
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await f.service.get(id)).status).toBe('executed');
  });

  it('does not consume an approval for changed arguments', async () => {
    const { id } = await f.service.request(scaleToZero());
    await f.service.approve(id, bob);
    const swapped = { ...scaleToZero().input, namespace: 'kube-system' };
    const result = await f.service.consume({ id, claim: 'c1', operation: 'kubernetes_scale_deployment', input: swapped, principal: alice });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('other arguments') });
    expect((await f.service.get(id)).status).toBe('approved');
  });

  it('does not consume an approval for another operation', async () => {
    const { id } = await f.service.request(scaleToZero());
    await f.service.approve(id, bob);
    const result = await f.service.consume({
      id,
      claim: 'c1',
      operation: 'kubernetes_delete_namespace',
      input: scaleToZero().input,
      principal: alice,
    });
    expect(result.ok).toBe(false);
  });

  it('denies a replay of an executed approval', async () => {
    const { id } = await f.service.request(scaleToZero());
    await f.service.approve(id, bob);
    const { input } = await f.service.prepareExecution(id, alice);
    expect((await f.service.consume({ id, claim: 'c1', operation: 'kubernetes_scale_deployment', input, principal: alice })).ok).toBe(true);
    expect((await f.service.consume({ id, claim: 'c2', operation: 'kubernetes_scale_deployment', input, principal: alice })).ok).toBe(
      false,
    );
    await expect(f.service.prepareExecution(id, alice)).rejects.toMatchObject({ code: 'E_POLICY_DENIED' });
  });

  it('records the outcome of the consuming execution only', async () => {
    const { id } = await f.service.request(scaleToZero());
    await f.service.approve(id, bob);
    const { input } = await f.service.prepareExecution(id, alice);
    await f.service.consume({ id, claim: 'c1', operation: 'kubernetes_scale_deployment', input, principal: alice });
    expect(await f.service.recordOutcome(id, 'other', { outcome: 'error', errorCode: 'E_UPSTREAM' })).toBe(false);
    expect(await f.service.recordOutcome(id, 'c1', { outcome: 'success', callId: 'call-1' })).toBe(true);
    expect((await f.service.get(id)).execution).toEqual({ outcome: 'success', errorCode: null, callId: 'call-1' });
  });

  it('lists newest first with filters and pages', async () => {
    const first = await f.service.request(scaleToZero());
    f.clock.advance(1000);
    const second = await f.service.request({ ...scaleToZero(carol), operation: 'deploy_run' });
    f.clock.advance(1000);
    const third = await f.service.request(scaleToZero());
    await f.service.approve(third.id, bob);
    const page1 = await f.service.list({ limit: 2 });
    expect(page1.approvals.map((a) => a.id)).toEqual([third.id, second.id]);
    const page2 = await f.service.list({ limit: 2, cursor: page1.nextCursor });
    expect(page2).toMatchObject({ approvals: [{ id: first.id }], nextCursor: undefined });
    expect((await f.service.list({ limit: 10, status: 'approved' })).approvals.map((a) => a.id)).toEqual([third.id]);
    expect((await f.service.list({ limit: 10, requester: 'u-carol' })).approvals.map((a) => a.id)).toEqual([second.id]);
  });

  it('audits requests, refused votes and counted votes', async () => {
    const { id } = await f.service.request(scaleToZero(bob));
    await f.service.approve(id, bob).catch(() => {});
    await f.service.approve(id, carol);
    const { items } = await f.audit.query({ action: 'approval.', limit: 10 });
    expect(items.map((e) => [e.action, e.outcome, e.principalId]).reverse()).toEqual([
      ['approval.request', 'success', 'u-bob'],
      ['approval.approve', 'denied', 'u-bob'],
      ['approval.approve', 'success', 'u-carol'],
    ]);
  });
});
