import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { policySchema } from '../core/config/policy.js';
import { isAppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import type { PolicyRequest } from '../gateway/ports.js';
import { fixedClock, silentLog } from './axioms/test-kit.js';
import { createPolicyEngine, type PolicyEngineOptions } from './engine.js';
import { type RuleInput, ruleSchema } from './rules/rule-schema.js';

type PolicyConfigInput = z.input<typeof policySchema>;
const alice: Principal = { id: 'u-alice', type: 'user', name: 'alice', roles: ['operator'] };
const request = (operation: string, input: Record<string, unknown> = {}, extra: Partial<PolicyRequest> = {}): PolicyRequest => ({
  operation,
  effects: 'write',
  permission: 'deploy:write',
  input,
  principal: alice,
  face: 'rest',
  ...extra,
});
const engineWith = (rules: RuleInput[], options: Omit<Partial<PolicyEngineOptions>, 'settings'> & { settings?: PolicyConfigInput } = {}) =>
  createPolicyEngine({
    clock: fixedClock(),
    log: silentLog,
    ...options,
    settings: policySchema.parse(options.settings ?? {}),
    fileRules: [{ path: 'rules.yaml', rules: rules.map((r) => ruleSchema.parse(r)) }],
  });

describe('policy engine: user rules', () => {
  it('allows when nothing matches', async () => {
    expect((await engineWith([]).evaluate(request('deploy_rollout'))).effect).toBe('allow');
  });

  it('denies with the rule reason and id', async () => {
    const engine = engineWith([{ id: 'no-deploys', effect: 'deny', reason: 'Frozen.', match: { operations: ['deploy_*'] } }]);
    expect(await engine.evaluate(request('deploy_rollout'))).toMatchObject({ effect: 'deny', reason: 'Frozen.', rule: 'no-deploys' });
  });

  it.each([
    ['operation glob', { operations: ['docker_*'] }, false],
    ['except glob', { exceptOperations: ['deploy_roll*'] }, false],
    ['principal by name', { principals: ['ali*'] }, true],
    ['principal by id', { principals: ['u-alice'] }, true],
    ['another principal', { principals: ['bob'] }, false],
    ['role', { roles: ['oper*'] }, true],
    ['another role', { roles: ['admin'] }, false],
    ['principal type', { principalTypes: ['api_key'] }, false],
    ['environment', { environments: ['dev*'] }, true],
    ['production only', { production: true }, false],
    ['effects', { effects: ['destructive'] }, false],
    ['face', { faces: ['mcp-http'] }, false],
    ['time window now', { time: { days: ['wed'] } }, true],
    ['time window not now', { time: { days: ['sat', 'sun'] } }, false],
    ['condition true', { when: 'args.replicas >= 3' }, true],
    ['condition false', { when: 'args.replicas > 3' }, false],
  ])('matches on %s: %s', async (_, match, matches) => {
    const engine = engineWith([{ id: 'r', effect: 'deny', reason: 'r', match: match as RuleInput['match'] }]);
    expect((await engine.evaluate(request('deploy_rollout', { replicas: 3 }))).effect).toBe(matches ? 'deny' : 'allow');
  });

  it('lets deny override allow whatever the order', async () => {
    const rules: RuleInput[] = [
      { id: 'a', effect: 'allow', reason: 'ok' },
      { id: 'd', effect: 'deny', reason: 'no' },
    ];
    expect((await engineWith(rules).evaluate(request('x_y'))).effect).toBe('deny');
    expect((await engineWith([...rules].reverse()).evaluate(request('x_y'))).effect).toBe('deny');
  });

  it('redacts the paths of a redact rule', async () => {
    const engine = engineWith([{ id: 'r', effect: 'redact', reason: 'hidden', redact: ['secret'] }]);
    expect(await engine.evaluate(request('x_y', { secret: 's', keep: 1 }))).toMatchObject({
      effect: 'redact',
      input: { secret: '[REDACTED]', keep: 1 },
    });
  });

  it('admits only allowed calls under a default deny', async () => {
    const engine = engineWith([{ id: 'ok', effect: 'allow', reason: 'fine', match: { operations: ['system_*'] } }], {
      settings: { defaultEffect: 'deny' },
    });
    expect((await engine.evaluate(request('system_version'))).effect).toBe('allow');
    expect(await engine.evaluate(request('deploy_rollout'))).toMatchObject({ effect: 'deny', rule: 'default' });
  });

  it('skips disabled rules', async () => {
    const engine = engineWith([{ id: 'r', effect: 'deny', reason: 'r', enabled: false }]);
    expect((await engine.evaluate(request('x_y'))).effect).toBe('allow');
  });

  it('reports every match and the environment', async () => {
    const engine = engineWith([
      { id: 'a', effect: 'allow', reason: 'ok' },
      { id: 'b', effect: 'require_approval', reason: 'ask' },
    ]);
    const d = await engine.evaluate(request('x_y', { environment: 'staging' }));
    expect(d).toMatchObject({ effect: 'require_approval', environment: 'staging' });
    expect(d.matched?.map((m) => m.id)).toEqual(['a', 'b']);
  });

  it('refuses the same rule id in two files', () => {
    const rule = ruleSchema.parse({ id: 'x', effect: 'deny', reason: 'r' });
    const build = () =>
      createPolicyEngine({
        settings: policySchema.parse({}),
        clock: fixedClock(),
        log: silentLog,
        fileRules: [
          { path: 'a.yaml', rules: [rule] },
          { path: 'b.yaml', rules: [rule] },
        ],
      });
    expect(build).toThrow(/both a\.yaml and b\.yaml/);
  });

  it('refuses unknown axiom ids in config', () => {
    expect(() => engineWith([], { settings: { axioms: { disable: ['AX-99'] } } })).toThrow(/no axiom "AX-99"/);
  });

  it('always denies when a deny rule matches, whatever else matches (property)', async () => {
    const arbRule = fc.record({
      effect: fc.constantFrom('allow', 'deny', 'require_approval', 'redact'),
      dryRun: fc.boolean(),
      operations: fc.constantFrom(['*'], ['deploy_*'], ['x_*']),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(arbRule, { maxLength: 8 }), fc.nat(8), async (specs, at) => {
        const rules: RuleInput[] = specs.map((s, i) => ({
          id: `r${i}`,
          effect: s.effect as RuleInput['effect'],
          reason: `r${i}`,
          dryRun: s.dryRun,
          match: { operations: [...s.operations] },
          ...(s.effect === 'redact' ? { redact: ['a'] } : {}),
        }));
        rules.splice(at % (rules.length + 1), 0, { id: 'the-deny', effect: 'deny', reason: 'no', match: { operations: ['deploy_*'] } });
        expect((await engineWith(rules).evaluate(request('deploy_rollout', { a: 1 }))).effect).toBe('deny');
      }),
      { numRuns: 200 },
    );
  });
});

describe('policy engine: deny wins (properties, with every axiom on)', () => {
  const arbRule = fc.record({
    effect: fc.constantFrom('allow', 'deny', 'require_approval', 'redact'),
    dryRun: fc.boolean(),
    operations: fc.constantFrom(['*'], ['deploy_*'], ['kubernetes_*'], ['x_*']),
    roles: fc.constantFrom(undefined, ['operator'], ['admin']),
    when: fc.constantFrom(undefined, 'args.replicas > 3', 'production', 'startsWith(args.image, "nginx")', 'len(args) >= 2'),
  });
  type RuleSpec = {
    effect: string;
    dryRun: boolean;
    operations: readonly string[];
    roles: readonly string[] | undefined;
    when: string | undefined;
  };
  const toRules = (specs: readonly RuleSpec[]) =>
    specs.map(
      (spec, i): RuleInput => ({
        id: `r${i}`,
        effect: spec.effect as RuleInput['effect'],
        reason: `r${i}`,
        dryRun: spec.dryRun,
        match: {
          operations: [...spec.operations],
          ...(spec.roles ? { roles: [...spec.roles] } : {}),
          ...(spec.when ? { when: spec.when } : {}),
        },
        ...(spec.effect === 'redact' ? { redact: ['replicas'] } : {}),
      }),
    );
  const calls: PolicyRequest[] = [
    request('deploy_rollout', { environment: 'production', image: 'nginx:latest', replicas: 4 }),
    request('kubernetes_scale_deployment', { namespace: 'shop', name: 'api', replicas: 2, currentReplicas: 10 }),
    request('kubernetes_delete_pod', { namespace: 'shop', name: 'api-1', environment: 'production' }, { effects: 'destructive' }),
    request('x_read', { replicas: 1 }, { effects: 'read' }),
  ];
  const settings = { axioms: { enable: ['AX-26', 'AX-27'] } };

  it('decides the same effect whatever the order of the rules', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(arbRule, { maxLength: 10 })
          .chain((specs) => fc.tuple(fc.constant(specs), fc.shuffledSubarray(specs, { minLength: specs.length, maxLength: specs.length }))),
        fc.constantFrom(...calls),
        fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
        async ([specs, shuffled], call, defaultEffect) => {
          const rules = toRules(specs);
          const byId = new Map(rules.map((r, i) => [specs[i], r]));
          const reordered = shuffled.map((spec) => byId.get(spec) as RuleInput);
          const forward = await engineWith(rules, { settings: { ...settings, defaultEffect } }).evaluate(call);
          const backward = await engineWith(reordered, { settings: { ...settings, defaultEffect } }).evaluate(call);
          expect(backward.effect).toBe(forward.effect);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('denies a call an axiom denies, whatever rules allow it and in whatever order', async () => {
    // AX-10: no `latest` image in production — the allow rules below match the call and must not help.
    const denied = request('deploy_rollout', { environment: 'production', image: 'nginx:latest', replicas: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbRule, { maxLength: 10 }),
        fc.array(fc.constantFrom(...(['deploy_*', '*', 'deploy_rollout'] as const)), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        async (specs, allowGlobs, seed) => {
          const rules = toRules(specs.filter((r) => r.effect !== 'deny'));
          allowGlobs.forEach((glob, i) => {
            rules.splice((seed + i) % (rules.length + 1), 0, {
              id: `allow-${i}`,
              effect: 'allow',
              reason: 'ok',
              match: { operations: [glob] },
            });
          });
          const d = await engineWith(rules, { settings }).evaluate(denied);
          expect(d.effect).toBe('deny');
          expect('rule' in d && d.rule).toMatch(/^AX-1[01]$/);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('policy engine: counting destructive calls (AX-20)', () => {
  const counting = () => {
    const takes: string[] = [];
    const take = async (key: string) => {
      takes.push(key);
      return true;
    };
    return { takes, counter: { remaining: async () => 100, take } };
  };
  const prodDelete = (extra: Partial<PolicyRequest> = {}) =>
    request('x_delete', { environment: 'production' }, { effects: 'destructive', ...extra });
  /** Evaluate, then commit what the engine allowed, as the pipeline does right before the call runs. */
  const runs = async (engine: ReturnType<typeof engineWith>, r: PolicyRequest) => {
    const d = await engine.evaluate(r);
    await d.commit?.();
    return d;
  };

  it('counts an allowed destructive call when it commits, not when it is evaluated', async () => {
    const { takes, counter } = counting();
    const d = await engineWith([], { counter }).evaluate(request('x_delete', {}, { effects: 'destructive' }));
    expect(takes).toEqual([]);
    await d.commit?.();
    expect(takes).toEqual(['policy:destructive:user:u-alice']);
  });

  it('does not count a call held back for approval', async () => {
    const { takes, counter } = counting();
    const d = await runs(engineWith([], { counter }), prodDelete());
    expect(d.effect).toBe('require_approval');
    expect(d.commit).toBeUndefined();
    expect(takes).toEqual([]);
  });

  it('counts the approved run of a held-back call', async () => {
    const { takes, counter } = counting();
    await runs(engineWith([], { counter }), prodDelete({ approval: { id: 'a-1', claim: 'c-1' } }));
    expect(takes).toHaveLength(1);
  });

  it('does not count a denied call, with or without an approval', async () => {
    const { takes, counter } = counting();
    const engine = engineWith([{ id: 'no', effect: 'deny', reason: 'no' }], { counter });
    await runs(engine, prodDelete());
    await runs(engine, prodDelete({ approval: { id: 'a-1', claim: 'c-1' } }));
    expect(takes).toEqual([]);
  });

  it('denies at commit when the budget ran out after the check', async () => {
    const counter = { remaining: async () => 1, take: async () => false };
    const d = await engineWith([], { counter }).evaluate(request('x_delete', {}, { effects: 'destructive' }));
    expect(d.effect).toBe('allow');
    await expect(d.commit?.()).rejects.toMatchObject({ code: 'E_POLICY_DENIED', details: { rule: 'AX-20' } });
  });

  it('lets the call run when the counter fails at commit (its check passed)', async () => {
    const counter = { remaining: async () => 1, take: async () => Promise.reject(new Error('redis down')) };
    const d = await engineWith([], { counter }).evaluate(request('x_delete', {}, { effects: 'destructive' }));
    await expect(d.commit?.()).resolves.toBeUndefined();
  });
});

describe('policy engine: dry runs', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, log: createLogger({ level: 'info', format: 'json', stream: { write: (s: string) => void lines.push(s) } }) };
  };

  it('allows everything under policy.dryRun but logs what it would do', async () => {
    const { lines, log } = capture();
    const engine = engineWith([{ id: 'd', effect: 'deny', reason: 'no' }], { settings: { dryRun: true }, log });
    const d = await engine.evaluate(request('x_y'));
    expect(d.effect).toBe('allow');
    expect(d.matched).toEqual([{ id: 'd', kind: 'rule', effect: 'deny', reason: 'no', dryRun: true }]);
    expect(lines.join('')).toContain('policy dry run: would deny');
  });

  it('reports a dry-run rule without enforcing it', async () => {
    const { lines, log } = capture();
    const engine = engineWith([{ id: 'd', effect: 'deny', reason: 'no', dryRun: true }], { log });
    expect((await engine.evaluate(request('x_y'))).effect).toBe('allow');
    expect(lines.join('')).toContain('policy dry run: d would deny');
  });

  it('reports a dry-run axiom without enforcing it', async () => {
    const engine = engineWith([], { settings: { axioms: { dryRun: ['AX-01'] } } });
    const d = await engine.evaluate(request('x_delete', { environment: 'production' }, { effects: 'destructive' }));
    expect(d.effect).toBe('allow');
    expect(d.matched?.find((m) => m.id === 'AX-01')?.dryRun).toBe(true);
  });

  it('leaves outputs alone under a dry run', async () => {
    const output = { content: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a' };
    const engine = engineWith([], { settings: { dryRun: true } });
    expect(await engine.inspectOutput(request('desktop_read_file'), output)).toBe(output);
  });
});

describe('policy engine: switches and failures', () => {
  it('allows everything when policy.enabled is off', async () => {
    const engine = engineWith([{ id: 'd', effect: 'deny', reason: 'no' }], { settings: { enabled: false } });
    expect(await engine.evaluate(request('x_y'))).toEqual({ effect: 'allow' });
  });

  it('turns default-off axioms on through config', async () => {
    const engine = engineWith([], { settings: { axioms: { enable: ['AX-26'] } } });
    const d = await engine.evaluate(
      request('x_delete', { environment: 'production' }, { effects: 'destructive', principal: { ...alice, type: 'api_key' } }),
    );
    expect(d.matched?.map((m) => m.id)).toContain('AX-26');
  });

  it('turns axioms off through config', async () => {
    const engine = engineWith([], { settings: { axioms: { disable: ['AX-01'] } } });
    expect((await engine.evaluate(request('x_delete', { environment: 'production' }, { effects: 'destructive' }))).effect).toBe('allow');
  });

  it('fails closed when an axiom throws', async () => {
    const engine = engineWith([], { pathGuard: { resolve: async () => Promise.reject(new Error('disk on fire')) } });
    const d = await engine.evaluate(request('desktop_read_file', { path: 'a' }, { effects: 'read' }));
    expect(d).toMatchObject({ effect: 'deny', rule: 'AX-02' });
    expect((d as { reason: string }).reason).not.toContain('disk on fire');
  });

  it('refuses calls while the rule store cannot be read', async () => {
    const down = async () => Promise.reject(new Error('db down'));
    const broken = { stamp: down, listRules: down, axiomOverrides: down } as never;
    const engine = engineWith([], { store: broken });
    const error = await engine.evaluate(request('x_y')).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('E_UNAVAILABLE');
  });
});
