/**
 * The policy engine behind the real gateway pipeline (with the approvals decorator): dry runs change nothing —
 * the call runs with its own arguments, no approval request is made, nothing is counted, the output leaves as it
 * is — and only log; and AX-08 withholds the output of a read that carries a secret when policy.secrets.inOutputs
 * is deny (and redacts the outputs of calls that have changed something).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ApprovalsFixture, openApprovals } from '../../test/helpers/approvals.js';
import { createTestGateway, principal, type TestGateway } from '../../test/helpers/gateway.js';
import { deleted, testkitServer } from '../../test/helpers/test-tools.js';
import { policySchema } from '../core/config/policy.js';
import { type AppError, isAppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { defineOperation } from '../gateway/operation.js';
import type { CallRequest } from '../gateway/pipeline.js';
import { approvalsToolServer } from './approvals/index.js';
import { withApprovals } from './approvals/with-approvals.js';
import { fixedClock } from './axioms/test-kit.js';
import { createPolicyEngine } from './engine.js';
import { createMemoryCounter } from './memory-counter.js';
import { ruleSchema } from './rules/rule-schema.js';
import type { PolicyCounter } from './types.js';

const PAT = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';

/** A call with an outside effect that echoes what it posted (like slack_post_message returning the message). */
const posted: string[] = [];
const testkitPost = defineOperation({
  name: 'outside_post',
  title: 'Post',
  description: 'Posts a message somewhere outside and returns it.',
  input: z.object({ text: z.string() }),
  output: z.object({ posted: z.string() }),
  permission: 'system:read',
  effects: 'external',
  run: async (input) => {
    posted.push(input.text);
    return { posted: input.text };
  },
});
const postServer = { name: 'outside', title: 'Posts', description: 'Outside effects.', operations: [testkitPost] };
const alice = principal('operator', 'alice');

let g: TestGateway | undefined;
let f: ApprovalsFixture | undefined;
afterEach(async () => {
  await g?.cleanup();
  await f?.cleanup();
  g = undefined;
  f = undefined;
});

interface Setup {
  settings: z.input<typeof policySchema>;
  rules?: unknown[];
  /** Default: one that records takes and never runs out. */
  counter?: PolicyCounter;
}

/** A gateway whose policy is a real engine (production by default) wrapped by approvals; a counter that records takes. */
async function setup({ settings, rules = [], counter: given }: Setup) {
  const lines: string[] = [];
  const takes: string[] = [];
  const counter: PolicyCounter = given ?? {
    remaining: async () => 1_000,
    take: async (key) => {
      takes.push(key);
      return true;
    },
  };
  const engine = createPolicyEngine({
    settings: policySchema.parse({ environment: { default: 'production' }, ...settings }),
    clock: fixedClock(),
    log: createLogger({ level: 'info', format: 'json', stream: { write: (s: string) => void lines.push(s) } }),
    fileRules: [{ path: 'rules.yaml', rules: rules.map((r) => ruleSchema.parse(r)) }],
    counter,
  });
  f = await openApprovals('sqlite');
  const approvals = approvalsToolServer({
    service: f.service,
    call: (name, input, request) => gateway.call(name, input, request),
    lookup: (name) => gateway.registry.get(name),
  });
  g = await createTestGateway({ servers: [testkitServer, postServer, approvals], policy: withApprovals(engine.hook, f.service) });
  const gateway = g.gateway;
  const call = (name: string, input: unknown, extra: Partial<CallRequest> = {}) =>
    gateway.call(name, input, { face: 'rest', principal: alice, requestId: 'r-1', confirmed: true, ...extra });
  const pending = async () => (await (f as ApprovalsFixture).service.list({ status: 'pending', limit: 10 })).approvals;
  return { call, pending, takes, lines, audit: g.audit };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

const redactMessage = {
  id: 'hide-message',
  effect: 'redact',
  reason: 'hidden',
  match: { operations: ['testkit_echo'] },
  redact: ['message'],
};

describe('policy.dryRun through the gateway', () => {
  it('enforces when not in dry run (the contrast the dry-run tests rely on)', async () => {
    const s = await setup({ settings: {}, rules: [redactMessage] });
    deleted.length = 0;
    expect((await failure(s.call('testkit_delete', { name: 'db' }))).code).toBe('E_APPROVAL_REQUIRED');
    expect(await s.pending()).toHaveLength(1);
    expect(deleted).toEqual([]);
    expect((await s.call('testkit_echo', { message: 'hello' })).output).toEqual({ echoed: '[REDACTED]' });
  });

  it('runs a held-back call without creating an approval request, and logs it', async () => {
    const s = await setup({ settings: { dryRun: true } });
    deleted.length = 0;
    const result = await s.call('testkit_delete', { name: 'db' });
    expect(result.output).toEqual({ deleted: 'db' });
    expect(deleted).toEqual(['db']);
    expect(await s.pending()).toEqual([]);
    expect(s.lines.join('')).toContain('policy dry run: would require_approval');
  });

  it('counts no destructive call against the hourly budget (AX-20)', async () => {
    // Outside production the delete needs no approval, so an enforced engine counts it.
    const development = { environment: { default: 'development' } };
    const enforced = await setup({ settings: development });
    await enforced.call('testkit_delete', { name: 'db' });
    expect(enforced.takes).toHaveLength(1);
    await g?.cleanup();
    await f?.cleanup();
    g = undefined;
    f = undefined;
    const dry = await setup({ settings: { ...development, dryRun: true } });
    await dry.call('testkit_delete', { name: 'db' });
    expect(dry.takes).toEqual([]);
  });

  it('passes arguments a redact rule would rewrite unchanged', async () => {
    const s = await setup({ settings: { dryRun: true }, rules: [redactMessage] });
    expect((await s.call('testkit_echo', { message: 'hello' })).output).toEqual({ echoed: 'hello' });
    expect(s.lines.join('')).toContain('policy dry run: would redact');
  });

  it('lets an output with a secret leave unchanged, and logs what AX-08 would do', async () => {
    const s = await setup({ settings: { dryRun: true } });
    expect((await s.call('testkit_echo', { message: `token ${PAT}` })).output).toEqual({ echoed: `token ${PAT}` });
    expect(s.lines.join('')).toContain('policy dry run: AX-08 would redact the output');
  });

  it('reports a dry-run deny rule and runs the call', async () => {
    const s = await setup({ settings: {}, rules: [{ id: 'no-echo', effect: 'deny', reason: 'no', dryRun: true }] });
    expect((await s.call('testkit_echo', { message: 'hello' })).output).toEqual({ echoed: 'hello' });
    expect(s.lines.join('')).toContain('policy dry run: no-echo would deny');
  });
});

describe('AX-08 through the gateway', () => {
  // The argument axiom (AX-07) would refuse the secret on the way in; exempt the echo so the output carries it.
  const exempt = { exemptOperations: ['testkit_echo'] };

  it('redacts a secret in the output by default', async () => {
    const s = await setup({ settings: { secrets: exempt } });
    const { output } = await s.call('testkit_echo', { message: `token ${PAT}` });
    expect(JSON.stringify(output)).not.toContain(PAT);
    expect((output as { echoed: string }).echoed.startsWith('token ')).toBe(true);
  });

  it('withholds the output with E_POLICY_DENIED when policy.secrets.inOutputs is deny, and audits the denial', async () => {
    const s = await setup({ settings: { secrets: { ...exempt, inOutputs: 'deny' } } });
    const e = await failure(s.call('testkit_echo', { message: `token ${PAT}` }));
    expect(e.code).toBe('E_POLICY_DENIED');
    expect(e.details).toMatchObject({ rule: 'AX-08' });
    expect(e.message).toContain('withheld');
    expect(e.message).not.toContain(PAT);
    const [row] = (await s.audit.query({ principal: alice.id, action: 'operation.call', limit: 5 })).items;
    expect(row).toMatchObject({ target: 'testkit_echo', outcome: 'denied', details: { errorCode: 'E_POLICY_DENIED' } });
    expect(JSON.stringify(row)).not.toContain(PAT);
  });

  it('redacts instead of withholding in deny mode when the call was not a read, and audits it as a success', async () => {
    const s = await setup({ settings: { secrets: { exemptOperations: ['outside_post'], inOutputs: 'deny' } } });
    const { output } = await s.call('outside_post', { text: `token ${PAT}` });
    expect(posted).toEqual([`token ${PAT}`]);
    expect(JSON.stringify(output)).not.toContain(PAT);
    const [row] = (await s.audit.query({ principal: alice.id, action: 'operation.call', limit: 5 })).items;
    expect(row).toMatchObject({ target: 'outside_post', outcome: 'success' });
  });

  it('lets a clean output through in deny mode', async () => {
    const s = await setup({ settings: { secrets: { ...exempt, inOutputs: 'deny' } } });
    expect((await s.call('testkit_echo', { message: 'hello' })).output).toEqual({ echoed: 'hello' });
  });

  it('only logs in deny mode when AX-08 is in dry run', async () => {
    const s = await setup({ settings: { secrets: { ...exempt, inOutputs: 'deny' }, axioms: { dryRun: ['AX-08'] } } });
    expect((await s.call('testkit_echo', { message: `token ${PAT}` })).output).toEqual({ echoed: `token ${PAT}` });
    expect(s.lines.join('')).toContain('policy dry run: AX-08 would withhold the output');
  });
});

describe('AX-20 through the gateway', () => {
  // Outside production a delete needs no approval; a budget of 3 destructive calls an hour.
  const budget = { environment: { default: 'development' }, limits: { destructivePerHour: 3 } };
  const denials = (results: PromiseSettledResult<unknown>[]) =>
    results.filter((r) => r.status === 'rejected').map((r) => (r.reason as AppError).code);

  it('lets only the budget through when calls arrive at once', async () => {
    const s = await setup({ settings: budget, counter: createMemoryCounter(fixedClock()) });
    deleted.length = 0;
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => s.call('testkit_delete', { name: `db-${i}` })));
    expect(deleted).toHaveLength(3);
    expect(denials(results)).toEqual(Array(7).fill('E_POLICY_DENIED'));
  });

  it('does not count calls that were never confirmed or were declined', async () => {
    const s = await setup({ settings: budget, counter: createMemoryCounter(fixedClock()) });
    deleted.length = 0;
    for (let i = 0; i < 5; i++) {
      expect((await failure(s.call('testkit_delete', { name: 'db' }, { confirmed: false }))).code).toBe('E_APPROVAL_REQUIRED');
      const declined = s.call('testkit_delete', { name: 'db' }, { confirmed: false, confirm: async () => 'decline' });
      expect((await failure(declined)).code).toBe('E_CANCELLED');
    }
    for (let i = 0; i < 3; i++) await s.call('testkit_delete', { name: `db-${i}` });
    expect(deleted).toEqual(['db-0', 'db-1', 'db-2']);
    expect((await failure(s.call('testkit_delete', { name: 'db-3' }))).details).toMatchObject({ rule: 'AX-20' });
  });

  it('counts the approved run of a held-back call, once', async () => {
    const s = await setup({ settings: { environment: { default: 'production' } } });
    const held = await failure(s.call('testkit_delete', { name: 'db' }));
    expect(held.code).toBe('E_APPROVAL_REQUIRED');
    expect(s.takes).toEqual([]);
    const id = held.details?.approvalId as string;
    await s.call('approvals_approve', { id }, { principal: principal('admin', 'bob') });
    await s.call('approvals_execute', { id });
    expect(s.takes).toEqual([`policy:destructive:user:${alice.id}`]);
  });
});
