import { describe, expect, it } from 'vitest';
import type { PolicyEngine } from '../engine.js';
import { createMemoryCounter } from '../memory-counter.js';
import type { AxiomExample, PolicyRequest } from '../types.js';
import { axiom, DEFAULT_AT, engineFor, examplePrincipal, fire, fixedClock } from './test-kit.js';

const del = (args: Record<string, unknown>, extra: Partial<AxiomExample> = {}): AxiomExample => ({
  operation: 'docker_remove_images',
  effects: 'destructive',
  arguments: args,
  ...extra,
});

describe('AX-17 deleting more than N resources in one call needs approval', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);
  it.each([
    ['10 images', { images: list(10) }, false],
    ['11 images', { images: list(11) }, true],
    ['6 pods and 6 volumes', { pods: list(6), volumes: list(6) }, true],
    ['all=true', { all: true }, true],
    ['a label selector', { labelSelector: 'app=api' }, true],
    ['an empty selector', { labelSelector: '' }, false],
    ['one name', { name: 'x' }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-17', del(args)))).toBe(fires);
  });

  it('uses policy.limits.maxDeletePerCall', async () => {
    expect(await fire('AX-17', del({ images: list(3) }, { settings: { limits: { maxDeletePerCall: 2 } } }))).toBeDefined();
  });
});

describe('AX-19 admin destructive calls need recent MFA', () => {
  it.each([
    ['an admin without MFA', { roles: ['admin'] }, true],
    ['an admin verified 40 minutes ago', { roles: ['admin'], mfaAgeMinutes: 40 }, true],
    ['an admin verified 15 minutes ago', { roles: ['admin'], mfaAgeMinutes: 15 }, false],
    ['an operator without MFA', { roles: ['operator'] }, false],
    ['an admin API key (not covered by default)', { roles: ['admin'], principalType: 'api_key' as const }, false],
  ])('%s → fires: %s', async (_, who, fires) => {
    expect(Boolean(await fire('AX-19', del({ name: 'x' }, who)))).toBe(fires);
  });

  it('covers API keys when configured', async () => {
    const c = del(
      { name: 'x' },
      { roles: ['admin'], principalType: 'api_key', settings: { mfa: { principalTypes: ['user', 'api_key'] } } },
    );
    expect(await fire('AX-19', c)).toBeDefined();
  });

  it('ignores non-destructive calls', async () => {
    expect(await fire('AX-19', { ...del({}, { roles: ['admin'] }), effects: 'write' })).toBeUndefined();
  });
});

describe('AX-20 at most N destructive calls per principal per hour', () => {
  const ex = del({ name: 'x' }, { settings: { limits: { destructivePerHour: 3 } } });
  const request = {
    operation: ex.operation,
    effects: ex.effects,
    permission: 'x:y',
    input: ex.arguments,
    principal: examplePrincipal(ex),
    face: 'rest' as const,
  };

  /** Evaluate and, when allowed, commit (the pipeline does so right before the call runs). */
  const run = async (engine: PolicyEngine, r: PolicyRequest = request) => {
    const d = await engine.evaluate(r);
    await d.commit?.();
    return d;
  };

  it('allows N calls and denies the next', async () => {
    const engine = engineFor(axiom('AX-20'), ex);
    const effects = [];
    for (let i = 0; i < 4; i++) effects.push((await run(engine)).effect);
    expect(effects).toEqual(['allow', 'allow', 'allow', 'deny']);
  });

  it('lets only N of many concurrent calls commit', async () => {
    const engine = engineFor(axiom('AX-20'), ex);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => run(engine)));
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.effect === 'allow')).toHaveLength(3);
  });

  it('does not count calls that were allowed but never committed (never ran)', async () => {
    const engine = engineFor(axiom('AX-20'), ex);
    for (let i = 0; i < 5; i++) await engine.evaluate(request);
    expect((await run(engine)).effect).toBe('allow');
  });

  it('counts per principal', async () => {
    const engine = engineFor(axiom('AX-20'), ex);
    for (let i = 0; i < 3; i++) await run(engine);
    const other = { ...request, principal: { ...request.principal, id: 'p-2' } };
    expect((await run(engine, other)).effect).toBe('allow');
  });

  it('frees the budget after an hour', async () => {
    const clock = fixedClock();
    const counter = createMemoryCounter(clock);
    const engine = engineFor(axiom('AX-20'), ex, { counter });
    for (let i = 0; i < 3; i++) await run(engine);
    expect(await counter.remaining('policy:destructive:user:p-1', 3)).toBe(0);
    clock.set(DEFAULT_AT + 3_600_001);
    expect(await counter.remaining('policy:destructive:user:p-1', 3)).toBe(3);
  });

  it('does not count explained calls', async () => {
    const engine = engineFor(axiom('AX-20'), ex);
    for (let i = 0; i < 5; i++) await engine.explain(request);
    expect((await engine.evaluate(request)).effect).toBe('allow');
  });

  it('does not count calls another rule denied', async () => {
    const deny = { id: 'no', effect: 'deny', reason: 'no', match: { principals: ['p-1'], when: 'args.name == "blocked"' } };
    const engine = engineFor(axiom('AX-20'), ex, { rules: [deny] });
    for (let i = 0; i < 5; i++) await run(engine, { ...request, input: { name: 'blocked' } });
    expect((await run(engine)).effect).toBe('allow');
  });
});
