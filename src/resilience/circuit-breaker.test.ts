import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, hasCode } from '../core/errors.js';
import { type BreakerTransition, createCircuitBreaker } from './circuit-breaker.js';

const EPOCH = 1_700_000_000_000;

function manualClock() {
  let t = 0;
  return {
    clock: { now: () => EPOCH + t, monotonic: () => t },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const upstream = () => new AppError('E_UPSTREAM', 'Provider answered 502.');
const ok = () => Promise.resolve('ok');
const fail =
  (error: unknown = upstream()) =>
  () =>
    Promise.reject(error);

function setup(settings = {}) {
  const time = manualClock();
  const events: BreakerTransition[] = [];
  const breaker = createCircuitBreaker({ name: 'provider:test', clock: time.clock, settings, onTransition: (e) => events.push(e) });
  return { ...time, breaker, events };
}

async function failTimes(breaker: ReturnType<typeof setup>['breaker'], n: number, error?: unknown) {
  for (let i = 0; i < n; i++) await breaker.execute(fail(error)).catch(() => undefined);
}

describe('circuit breaker', () => {
  it('opens after five consecutive failures', async () => {
    const { breaker, events } = setup();
    await failTimes(breaker, 4);
    expect(breaker.state).toBe('closed');
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(events).toMatchObject([{ from: 'closed', to: 'open', reason: 'consecutive-failures', nextAttemptAt: EPOCH + 60_000 }]);
  });

  it('resets the consecutive count on a success', async () => {
    const { breaker } = setup();
    await failTimes(breaker, 4);
    await breaker.execute(ok);
    await failTimes(breaker, 4);
    expect(breaker.state).toBe('closed');
  });

  it('opens when half of the last calls failed once the window holds ten calls', async () => {
    const { breaker, events } = setup();
    for (let i = 0; i < 4; i++) {
      await breaker.execute(ok);
      await failTimes(breaker, 1);
    }
    expect(breaker.snapshot().window).toEqual({ calls: 8, failures: 4, failureRate: 0.5 });
    expect(breaker.state).toBe('closed');
    await breaker.execute(ok);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(events[0]?.reason).toBe('failure-rate');
  });

  it('slides the window over the last N calls', async () => {
    const { breaker } = setup({ windowSize: 4, minimumCalls: 4, consecutiveFailures: 0 });
    await failTimes(breaker, 1);
    for (let i = 0; i < 4; i++) await breaker.execute(ok);
    expect(breaker.snapshot().window).toEqual({ calls: 4, failures: 0, failureRate: 0 });
  });

  it('fails fast with E_CIRCUIT_OPEN and the retry time while open', async () => {
    const { breaker, advance } = setup();
    await failTimes(breaker, 5);
    advance(20_000);
    let called = false;
    const error = await breaker
      .execute(() => {
        called = true;
        return ok();
      })
      .catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(hasCode(error, 'E_CIRCUIT_OPEN')).toBe(true);
    expect((error as AppError).retryAfterMs).toBe(40_000);
    expect((error as AppError).message).toBe('Circuit "provider:test" is open; retry in 40 s.');
    expect(breaker.snapshot().nextAttemptAt).toBe(EPOCH + 60_000);
  });

  it('turns half-open after the open time and admits at most three trial calls', async () => {
    const { breaker, advance } = setup();
    await failTimes(breaker, 5);
    advance(60_000);
    expect(breaker.state).toBe('half-open');
    const gates: Array<() => void> = [];
    const trial = () => breaker.execute(() => new Promise<string>((resolve) => gates.push(() => resolve('ok'))));
    const trials = [trial(), trial(), trial()];
    await expect(breaker.execute(ok)).rejects.toMatchObject({ code: 'E_CIRCUIT_OPEN' });
    expect(breaker.snapshot().halfOpen).toEqual({ inFlight: 3, successes: 0 });
    for (const open of gates) open();
    await Promise.all(trials);
    expect(breaker.state).toBe('closed');
  });

  it('closes after three trial successes', async () => {
    const { breaker, advance, events } = setup();
    await failTimes(breaker, 5);
    advance(60_000);
    await breaker.execute(ok);
    await breaker.execute(ok);
    expect(breaker.state).toBe('half-open');
    await breaker.execute(ok);
    expect(breaker.state).toBe('closed');
    expect(events.map((e) => `${e.from}>${e.to}:${e.reason}`)).toEqual([
      'closed>open:consecutive-failures',
      'open>half-open:open-elapsed',
      'half-open>closed:trials-succeeded',
    ]);
  });

  it('reopens for another full period when a trial call fails', async () => {
    const { breaker, advance } = setup();
    await failTimes(breaker, 5);
    advance(60_000);
    await breaker.execute(ok);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    advance(59_999);
    expect(breaker.state).toBe('open');
    advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('does not count client errors as failures', async () => {
    const { breaker } = setup();
    await failTimes(breaker, 10, new AppError('E_VALIDATION', 'bad input'));
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().totals).toMatchObject({ success: 10, failure: 0 });
  });

  it('counts timeouts and raw errors as failures', async () => {
    const { breaker } = setup();
    await failTimes(breaker, 3, new AppError('E_TIMEOUT', 'Timed out after 5 ms.'));
    await failTimes(breaker, 2, new Error('socket hang up'));
    expect(breaker.state).toBe('open');
  });

  it('ignores cancellations and frees their trial slot', async () => {
    const { breaker, advance } = setup({ halfOpenMaxCalls: 1, halfOpenSuccesses: 1 });
    await failTimes(breaker, 5);
    advance(60_000);
    await failTimes(breaker, 1, new AppError('E_CANCELLED', 'cancelled'));
    expect(breaker.snapshot()).toMatchObject({ state: 'half-open', halfOpen: { inFlight: 0 }, totals: { ignored: 1 } });
    await breaker.execute(ok);
    expect(breaker.state).toBe('closed');
  });

  it('uses a custom classifier', async () => {
    const time = manualClock();
    const breaker = createCircuitBreaker({ name: 'x', clock: time.clock, classify: () => 'failure', settings: { consecutiveFailures: 1 } });
    await breaker.execute(fail(new AppError('E_NOT_FOUND', 'nope'))).catch(() => undefined);
    expect(breaker.state).toBe('open');
  });

  it('ignores results of calls admitted before the last transition', async () => {
    const { breaker, advance } = setup({ consecutiveFailures: 1 });
    let finishSlow: (v: string) => void = () => undefined;
    const slow = breaker.execute(() => new Promise<string>((resolve) => (finishSlow = resolve)));
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    advance(60_000);
    expect(breaker.state).toBe('half-open');
    finishSlow('late');
    await slow;
    expect(breaker.snapshot().halfOpen.successes).toBe(0);
  });

  it('stays open when opened by hand until closed by hand', async () => {
    const { breaker, advance } = setup();
    breaker.open();
    advance(3_600_000);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', forced: true });
    await expect(breaker.execute(ok)).rejects.toMatchObject({ code: 'E_CIRCUIT_OPEN', retryAfterMs: undefined });
    breaker.close();
    await expect(breaker.execute(ok)).resolves.toBe('ok');
  });

  it('opens by hand for a given duration', () => {
    const { breaker, advance } = setup();
    breaker.open({ durationMs: 5_000 });
    expect(breaker.snapshot()).toMatchObject({ state: 'open', forced: false, nextAttemptAt: EPOCH + 5_000 });
    advance(5_000);
    expect(breaker.state).toBe('half-open');
  });

  it('records the last failure and forgets it on reset', async () => {
    const { breaker, advance } = setup();
    advance(1_234);
    await failTimes(breaker, 1, new Error('connect ECONNREFUSED 10.0.0.1:443 token=sk-ant-api03-abcdefghijklmnopqrstuvwxyz'));
    const { lastFailure } = breaker.snapshot();
    expect(lastFailure).toMatchObject({ at: EPOCH + 1_234, code: 'E_INTERNAL' });
    expect(lastFailure?.message).toContain('ECONNREFUSED');
    expect(lastFailure?.message).not.toContain('abcdefghijklmnop');
    breaker.reset();
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0, totals: { failure: 0 } });
    expect(breaker.snapshot().lastFailure).toBeUndefined();
  });

  it('passes values and errors through unchanged', async () => {
    const { breaker } = setup();
    const error = upstream();
    await expect(breaker.execute(() => 42)).resolves.toBe(42);
    await expect(breaker.execute(fail(error))).rejects.toBe(error);
  });
});

type Action = { kind: 'call'; fails: boolean } | { kind: 'hold' } | { kind: 'release'; fails: boolean } | { kind: 'advance'; ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('call' as const), fails: fc.boolean() }),
  fc.record({ kind: fc.constant('hold' as const) }),
  fc.record({ kind: fc.constant('release' as const), fails: fc.boolean() }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
);

describe('circuit breaker (properties)', () => {
  it('never runs a call while open, never exceeds its trial limit and keeps its window consistent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { maxLength: 120 }),
        fc.record({
          consecutiveFailures: fc.integer({ min: 0, max: 6 }),
          windowSize: fc.integer({ min: 1, max: 20 }),
          minimumCalls: fc.integer({ min: 1, max: 20 }),
          halfOpenMaxCalls: fc.integer({ min: 1, max: 4 }),
          halfOpenSuccesses: fc.integer({ min: 1, max: 4 }),
        }),
        async (actions, settings) => {
          let t = 0;
          const breaker = createCircuitBreaker({
            name: 'p',
            clock: { now: () => t, monotonic: () => t },
            settings: { ...settings, openMs: 30_000 },
          });
          const held: Array<{ settle: (fails: boolean) => void; done: Promise<unknown> }> = [];
          let running = 0;
          const run = (fails: boolean) =>
            breaker.execute(async () => {
              running++;
              try {
                if (fails) throw new AppError('E_UPSTREAM', 'down');
                return 'ok';
              } finally {
                running--;
              }
            });
          for (const a of actions) {
            const before = breaker.snapshot();
            const blocked = before.state === 'open';
            if (a.kind === 'advance') t += a.ms;
            else if (a.kind === 'call') {
              let ran = false;
              await breaker
                .execute(async () => {
                  ran = true;
                  if (a.fails) throw new AppError('E_UPSTREAM', 'down');
                })
                .catch(() => undefined);
              if (blocked) expect(ran).toBe(false);
            } else if (a.kind === 'hold') {
              let settle: (fails: boolean) => void = () => undefined;
              const gate = new Promise<boolean>((resolve) => (settle = resolve));
              const done = breaker
                .execute(async () => {
                  if (await gate) throw new AppError('E_UPSTREAM', 'down');
                })
                .catch(() => undefined);
              held.push({ settle, done });
            } else {
              const h = held.shift();
              if (h) {
                h.settle(a.fails);
                await h.done;
              } else await run(a.fails).catch(() => undefined);
            }
            const after = breaker.snapshot();
            expect(after.halfOpen.inFlight).toBeLessThanOrEqual(settings.halfOpenMaxCalls);
            expect(after.halfOpen.inFlight).toBeGreaterThanOrEqual(0);
            expect(after.window.calls).toBeLessThanOrEqual(settings.windowSize);
            expect(after.window.failures).toBeLessThanOrEqual(after.window.calls);
            if (settings.consecutiveFailures > 0 && after.state === 'closed') {
              expect(after.consecutiveFailures).toBeLessThan(settings.consecutiveFailures);
            }
          }
          expect(running).toBe(0);
          for (const h of held) h.settle(false);
          await Promise.all(held.map((h) => h.done));
        },
      ),
      { numRuns: 200 },
    );
  });
});
