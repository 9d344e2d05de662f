import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../test/helpers/failure.js';
import { createTestGateway, principal, type TestGateway } from '../../test/helpers/gateway.js';
import { deleted, testkitServer } from '../../test/helpers/test-tools.js';
import { hasCode } from '../core/errors.js';
import type { CallRequest } from './pipeline.js';

let t: TestGateway;
afterEach(async () => {
  await t?.cleanup();
});

const request = (role: string, extra: Partial<CallRequest> = {}): CallRequest => ({
  face: 'rest',
  principal: principal(role),
  requestId: 'req-1',
  ...extra,
});

async function auditRows() {
  return (await t.audit.query({ limit: 100 })).items;
}

describe('gateway pipeline', () => {
  it('runs a permitted call and returns output and text', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const result = await t.gateway.call('testkit_echo', { message: 'hi' }, request('viewer'));
    expect(result.output).toEqual({ echoed: 'hi' });
    expect(result.text).toBe('echo: hi');
  });

  it('audits and records every successful call', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const result = await t.gateway.call('testkit_echo', { message: 'hi' }, request('viewer'));
    const [row] = await auditRows();
    expect(row).toMatchObject({ action: 'operation.call', outcome: 'success', target: 'testkit_echo', requestId: 'req-1' });
    const { calls } = await t.gateway.calls.list({ limit: 10 });
    expect(calls[0]).toMatchObject({
      id: result.callId,
      operation: 'testkit_echo',
      outcome: 'success',
      face: 'rest',
      principalId: 'viewer-user',
    });
    expect(calls[0]?.argsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('counts calls, errors and latency in metrics', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    await t.gateway.call('testkit_echo', { message: 'hi' }, request('viewer'));
    await failure(t.gateway.call('testkit_admin', {}, request('viewer')));
    const text = await t.metrics.metrics();
    expect(text).toContain('operation_calls_total{operation="testkit_echo",outcome="success"} 1');
    expect(text).toContain('operation_errors_total{operation="testkit_admin",code="E_FORBIDDEN"} 1');
    expect(text).toContain('operation_duration_seconds_count{operation="testkit_echo"} 1');
  });

  it('rejects invalid arguments with E_VALIDATION naming each field', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(t.gateway.call('testkit_echo', { message: '', extra: 1 }, request('viewer')));
    expect(error.code).toBe('E_VALIDATION');
    expect(error.issues?.map((i) => i.path)).toContain('message');
  });

  it('names close matches for an unknown tool', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(t.gateway.call('testkit_ecko', {}, request('viewer')));
    expect(error.code).toBe('E_NOT_FOUND');
    expect(error.message).toContain('testkit_echo');
  });

  it('denies a call without the permission, and audits the denial', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(t.gateway.call('testkit_write', { value: 1 }, request('viewer')));
    expect(error.code).toBe('E_FORBIDDEN');
    expect(error.message).toContain('deploy:write');
    const [row] = await auditRows();
    expect(row).toMatchObject({ outcome: 'denied', target: 'testkit_write' });
  });

  it('rejects calls without a principal or credential', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(t.gateway.call('testkit_echo', { message: 'x' }, { face: 'rest', requestId: 'r' }));
    expect(error.code).toBe('E_UNAUTHENTICATED');
  });

  it('rejects oversized arguments', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(t.gateway.call('testkit_echo', { message: 'x'.repeat(1_100_000) }, request('viewer')));
    expect(error.code).toBe('E_PAYLOAD_TOO_LARGE');
  });

  it('redacts secrets from audited arguments', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    await t.gateway.call('testkit_echo', { message: 'hi', token: 'tok-very-secret-value-123' }, request('viewer'));
    const rows = JSON.stringify(await auditRows());
    expect(rows).not.toContain('tok-very-secret-value-123');
  });

  it('hides internal errors and logs them', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(t.gateway.call('testkit_fail', { code: 'E_INTERNAL_BUG' }, request('viewer')));
    expect(error.code).toBe('E_INTERNAL');
    expect(error.message).not.toContain('hunter2');
    expect(t.logs.join('')).toContain('operation failed');
    expect(t.logs.join('')).not.toContain('hunter2');
  });

  it('refuses output that does not match the schema', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(t.gateway.call('testkit_fail', { code: 'E_BAD_OUTPUT' }, request('viewer')));
    expect(error.code).toBe('E_INTERNAL');
  });

  it('times out a slow call with E_TIMEOUT', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(
      t.gateway.call('testkit_slow', { steps: 2, stepMs: 4000 }, { ...request('viewer'), signal: AbortSignal.timeout(50) }),
    );
    expect(['E_TIMEOUT', 'E_CANCELLED']).toContain(error.code);
  });

  it('reports progress', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const updates: number[] = [];
    await t.gateway.call('testkit_slow', { steps: 3, stepMs: 1 }, request('viewer', { onProgress: (u) => updates.push(u.progress) }));
    expect(updates).toEqual([1, 2, 3]);
  });

  it('opens the dependency breaker after repeated upstream failures and fails fast', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    for (let i = 0; i < 5; i++)
      expect((await failure(t.gateway.call('testkit_fail', { code: 'E_UPSTREAM' }, request('viewer')))).code).toBe('E_UPSTREAM');
    const error = await failure(t.gateway.call('testkit_fail', { code: 'E_UPSTREAM' }, request('viewer')));
    expect(error.code).toBe('E_CIRCUIT_OPEN');
  });

  it('rate-limits a principal', async () => {
    t = await createTestGateway({ servers: [testkitServer], perMinute: 2 });
    await t.gateway.call('testkit_echo', { message: 'a' }, request('viewer'));
    await t.gateway.call('testkit_echo', { message: 'b' }, request('viewer'));
    const error = await failure(t.gateway.call('testkit_echo', { message: 'c' }, request('viewer')));
    expect(error.code).toBe('E_RATE_LIMITED');
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });
});

describe('gateway modes', () => {
  it('hides and refuses non-read operations in read_only mode', async () => {
    t = await createTestGateway({ servers: [testkitServer], mode: 'read_only' });
    expect((await t.gateway.visibleTo(principal('admin'))).map((o) => o.name)).not.toContain('testkit_write');
    const error = await failure(t.gateway.call('testkit_write', { value: 1 }, request('admin')));
    expect(error.code).toBe('E_FORBIDDEN');
    expect(error.message).toContain('read_only');
  });

  it('refuses destructive operations in non_destructive mode', async () => {
    t = await createTestGateway({ servers: [testkitServer], mode: 'non_destructive' });
    expect(
      hasCode(await failure(t.gateway.call('testkit_delete', { name: 'x' }, request('admin', { confirmed: true }))), 'E_FORBIDDEN'),
    ).toBe(true);
    await expect(t.gateway.call('testkit_write', { value: 1 }, request('admin'))).resolves.toBeDefined();
  });

  it('applies deny and allow globs to listing and calling', async () => {
    t = await createTestGateway({ servers: [testkitServer], allow: ['testkit_*'], deny: ['testkit_s*'] });
    const names = (await t.gateway.visibleTo(principal('admin'))).map((o) => o.name);
    expect(names).toContain('testkit_echo');
    expect(names).not.toContain('testkit_slow');
    expect((await failure(t.gateway.call('testkit_slow', { steps: 1, stepMs: 0 }, request('admin')))).code).toBe('E_FORBIDDEN');
  });

  it('lists exactly what the principal may call', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const viewer = (await t.gateway.visibleTo(principal('viewer'))).map((o) => o.name).sort();
    expect(viewer).toEqual(['testkit_echo', 'testkit_fail', 'testkit_slow']);
  });
});

describe('destructive operations', () => {
  it('require confirmation when the client cannot ask', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const error = await failure(t.gateway.call('testkit_delete', { name: 'a' }, request('admin')));
    expect(error.code).toBe('E_APPROVAL_REQUIRED');
  });

  it('run after an explicit confirmation', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    await t.gateway.call('testkit_delete', { name: 'b' }, request('admin', { confirmed: true }));
    expect(deleted).toContain('b');
  });

  it('ask the user and stop when they decline', async () => {
    t = await createTestGateway({ servers: [testkitServer] });
    const asked: string[] = [];
    const error = await failure(
      t.gateway.call(
        'testkit_delete',
        { name: 'c' },
        request('admin', {
          confirm: async (m) => {
            asked.push(m);
            return 'decline';
          },
        }),
      ),
    );
    expect(error.code).toBe('E_CANCELLED');
    expect(asked[0]).toContain('testkit_delete');
    expect(deleted).not.toContain('c');
  });
});

describe('policy seam', () => {
  it('denies with the policy reason', async () => {
    t = await createTestGateway({
      servers: [testkitServer],
      policy: { evaluate: async () => ({ effect: 'deny', reason: 'AX-05 freeze window', rule: 'AX-05' }) },
    });
    const error = await failure(t.gateway.call('testkit_echo', { message: 'x' }, request('viewer')));
    expect(error.code).toBe('E_POLICY_DENIED');
    expect(error.message).toBe('AX-05 freeze window');
  });

  it('requires approval when the policy says so', async () => {
    t = await createTestGateway({
      servers: [testkitServer],
      policy: { evaluate: async () => ({ effect: 'require_approval', reason: 'production', approvalId: 'ap-1' }) },
    });
    const error = await failure(t.gateway.call('testkit_echo', { message: 'x' }, request('viewer')));
    expect(error.code).toBe('E_APPROVAL_REQUIRED');
    expect(error.details).toMatchObject({ approvalId: 'ap-1' });
  });

  it('runs with the input the policy rewrote', async () => {
    t = await createTestGateway({
      servers: [testkitServer],
      policy: { evaluate: async (r) => ({ effect: 'redact', reason: 'masked', input: { ...r.input, message: 'masked' } }) },
    });
    const result = await t.gateway.call('testkit_echo', { message: 'secret' }, request('viewer'));
    expect(result.output).toEqual({ echoed: 'masked' });
  });
});
