import { describe, expect, it } from 'vitest';
import { policySchema } from '../core/config/policy.js';
import { fixedClock, silentLog } from './axioms/test-kit.js';
import { createPolicyEngine } from './engine.js';
import { ruleSchema } from './rules/rule-schema.js';

const engine = createPolicyEngine({
  settings: policySchema.parse({ environment: { namespaces: [{ match: 'prod-*', environment: 'production' }] } }),
  clock: fixedClock(),
  log: silentLog,
  fileRules: [
    {
      path: 'rules.yaml',
      rules: [
        ruleSchema.parse({
          id: 'shop-deletes',
          effect: 'require_approval',
          reason: 'Shop deletes are reviewed.',
          match: { when: 'startsWith(args.namespace, "prod-shop")' },
        }),
        ruleSchema.parse({ id: 'watch-only', effect: 'deny', reason: 'Would deny.', dryRun: true }),
      ],
    },
  ],
});
const principal = { id: 'u-1', type: 'user' as const, name: 'ann', roles: ['admin'] };

describe('policy explain', () => {
  it('lists every axiom and rule that matched, with the decision', async () => {
    const x = await engine.explain({
      operation: 'kubernetes_delete_namespace',
      effects: 'destructive',
      input: { namespace: 'prod-shop', name: 'prod-shop' },
      principal,
    });
    expect(x).toMatchObject({
      environment: 'production',
      environmentSource: 'namespace:prod-*',
      production: true,
      decision: { effect: 'deny', rule: 'AX-19' },
      enforced: true,
    });
    expect(x.matched.map((m) => [m.id, m.effect, m.dryRun === true])).toEqual([
      ['AX-01', 'require_approval', false],
      ['AX-18', 'require_approval', false],
      ['AX-19', 'deny', false],
      ['shop-deletes', 'require_approval', false],
      ['watch-only', 'deny', true],
    ]);
    expect(x.matched[0]).toMatchObject({ title: 'Destructive operations in production need approval', severity: 'critical' });
  });

  it('evaluates in the environment it is asked about', async () => {
    const x = await engine.explain({
      operation: 'deploy_rollout',
      effects: 'write',
      input: { image: 'nginx' },
      principal,
      environment: 'production',
    });
    expect(x).toMatchObject({ environment: 'production', environmentSource: 'override', decision: { effect: 'deny' } });
    expect(x.matched.map((m) => m.id)).toEqual(expect.arrayContaining(['AX-10', 'AX-11']));
  });

  it('evaluates at the time it is asked about', async () => {
    const settings = policySchema.parse({ axioms: { enable: ['AX-27'] } });
    const e = createPolicyEngine({ settings, clock: fixedClock(), log: silentLog });
    const at = Date.parse('2026-01-10T03:00:00Z');
    const x = await e.explain({
      operation: 'deploy_rollout',
      effects: 'write',
      input: { environment: 'production', image: `a@sha256:${'b'.repeat(64)}` },
      principal,
      at,
    });
    expect(x.at).toBe('2026-01-10T03:00:00.000Z');
    expect(x.decision).toMatchObject({ effect: 'require_approval', rule: 'AX-27' });
  });

  it('names the output axioms that will inspect the result', async () => {
    const x = await engine.explain({ operation: 'system_version', effects: 'read', input: {}, principal });
    expect(x).toMatchObject({ decision: { effect: 'allow' }, outputAxioms: ['AX-08'] });
  });

  it('counts what it evaluated', async () => {
    const x = await engine.explain({ operation: 'system_version', effects: 'read', input: {}, principal });
    expect(x.evaluated.rules).toBe(2);
    expect(x.evaluated.axioms).toBeGreaterThan(0);
  });
});
