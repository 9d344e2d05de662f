import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { type BreakerEvent, createBreakerRegistry } from './breaker-registry.js';

function manualClock() {
  let t = 0;
  return {
    clock: { now: () => 1_700_000_000_000 + t, monotonic: () => t },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const fail = () => Promise.reject(new AppError('E_UPSTREAM', 'down'));

async function metricValues(registry: Registry, name: string) {
  const metric = registry.getSingleMetric(name);
  return metric ? (await metric.get()).values : [];
}

describe('breaker registry', () => {
  it('creates one breaker per name on first use', () => {
    const { clock } = manualClock();
    const breakers = createBreakerRegistry({ clock });
    expect(breakers.get('mcp:github')).toBe(breakers.get('mcp:github'));
    breakers.get('k8s:prod');
    expect(breakers.names()).toEqual(['mcp:github', 'k8s:prod']);
  });

  it('applies defaults, then per-name overrides', async () => {
    const { clock } = manualClock();
    const breakers = createBreakerRegistry({
      clock,
      defaults: { consecutiveFailures: 2 },
      overrides: { 'k8s:prod': { consecutiveFailures: 1, failureCodes: ['E_NOT_FOUND'] } },
    });
    expect(breakers.get('mcp:github').snapshot().settings).toMatchObject({ consecutiveFailures: 2, openMs: 60_000 });
    await breakers
      .get('k8s:prod')
      .execute(() => Promise.reject(new AppError('E_NOT_FOUND', 'gone')))
      .catch(() => undefined);
    expect(breakers.get('k8s:prod').state).toBe('open');
  });

  it('sends state changes to subscribers until they unsubscribe', async () => {
    const { clock } = manualClock();
    const breakers = createBreakerRegistry({ clock, defaults: { consecutiveFailures: 1 } });
    const events: BreakerEvent[] = [];
    const unsubscribe = breakers.subscribe((e) => events.push(e));
    await breakers
      .get('a')
      .execute(fail)
      .catch(() => undefined);
    unsubscribe();
    breakers.close('a');
    expect(events).toEqual([expect.objectContaining({ type: 'transition', breaker: 'a', from: 'closed', to: 'open' })]);
  });

  it('keeps calling when a subscriber throws, and reports it', async () => {
    const { clock } = manualClock();
    const reported: unknown[] = [];
    const breakers = createBreakerRegistry({ clock, defaults: { consecutiveFailures: 1 }, onListenerError: (e) => reported.push(e) });
    breakers.subscribe(() => {
      throw new Error('listener bug');
    });
    await expect(breakers.get('a').execute(fail)).rejects.toMatchObject({ code: 'E_UPSTREAM' });
    expect(reported).toHaveLength(1);
  });

  it('opens, closes and resets by name, and snapshots every breaker sorted by name', () => {
    const { clock } = manualClock();
    const breakers = createBreakerRegistry({ clock });
    breakers.open('b');
    breakers.open('a', { durationMs: 1_000 });
    expect(breakers.snapshot().map((s) => [s.name, s.state, s.forced])).toEqual([
      ['a', 'open', false],
      ['b', 'open', true],
    ]);
    breakers.close('b');
    breakers.reset('a');
    expect(breakers.snapshot().map((s) => s.state)).toEqual(['closed', 'closed']);
  });

  it('exports state, transitions and calls by outcome as Prometheus metrics', async () => {
    const { clock, advance } = manualClock();
    const registry = new Registry();
    const breakers = createBreakerRegistry({ clock, defaults: { consecutiveFailures: 1 }, metrics: { registry, prefix: 'ce_' } });
    await breakers.get('provider:anthropic').execute(() => 'ok');
    await breakers
      .get('provider:anthropic')
      .execute(fail)
      .catch(() => undefined);
    await breakers
      .get('provider:anthropic')
      .execute(fail)
      .catch(() => undefined);
    expect(await metricValues(registry, 'ce_circuit_breaker_state')).toEqual([{ labels: { breaker: 'provider:anthropic' }, value: 2 }]);
    advance(60_000);
    expect(await metricValues(registry, 'ce_circuit_breaker_state')).toEqual([{ labels: { breaker: 'provider:anthropic' }, value: 1 }]);
    const calls = await metricValues(registry, 'ce_circuit_breaker_calls_total');
    expect(calls.filter((v) => v.value > 0).map((v) => [v.labels.outcome, v.value])).toEqual([
      ['success', 1],
      ['failure', 1],
      ['rejected', 1],
    ]);
    const transitions = await metricValues(registry, 'ce_circuit_breaker_transitions_total');
    expect(transitions.map((v) => [v.labels.from, v.labels.to, v.value])).toEqual([
      ['closed', 'open', 1],
      ['open', 'half-open', 1],
    ]);
    expect(await registry.metrics()).toContain('# HELP ce_circuit_breaker_state');
  });

  it('changes the settings of one breaker in place, or the defaults of all, at runtime', async () => {
    const { clock } = manualClock();
    const breakers = createBreakerRegistry({ clock, defaults: { openMs: 10_000 } });
    const a = breakers.get('a');
    breakers.get('b');
    await a.execute(fail).catch(() => undefined);
    breakers.configure('a', { consecutiveFailures: 1, windowSize: 20 });
    expect(breakers.get('a')).toBe(a);
    expect(a.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, settings: { consecutiveFailures: 1, windowSize: 20 } });
    breakers.configure(undefined, { openMs: 5_000, consecutiveFailures: 9 });
    expect(breakers.defaults()).toMatchObject({ openMs: 5_000, consecutiveFailures: 9, failureRate: 0.5 });
    expect(a.snapshot().settings).toMatchObject({ openMs: 5_000, consecutiveFailures: 1 });
    expect(breakers.get('b').snapshot().settings).toMatchObject({ openMs: 5_000, consecutiveFailures: 9 });
    expect(breakers.get('c').snapshot().settings).toMatchObject({ openMs: 5_000, consecutiveFailures: 9 });
    await a.execute(fail).catch(() => undefined);
    expect(a.state).toBe('open');
  });
});
