import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../core/errors.js';
import { createDeadline } from './deadline.js';
import { type RetryEvent, retry } from './retry.js';
import type { RetryPolicy } from './retry-presets.js';
import { systemTimers } from './timers.js';

const clock = { now: () => Date.now(), monotonic: () => Date.now() };
const deps = { clock, timers: systemTimers, random: () => 0.5 };
const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, budgetMs: 10_000 };
const upstream = (options = {}) => new AppError('E_UPSTREAM', 'Provider answered 503.', options);

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** Fails `failures` times with `error`, then returns 'ok'; records attempt times. */
function flaky(failures: number, error: () => unknown = () => upstream()) {
  const at: number[] = [];
  const fn = vi.fn(async (_attempt: number) => {
    at.push(Date.now());
    if (at.length <= failures) throw error();
    return 'ok';
  });
  return { fn, at };
}

describe('retry', () => {
  it('retries retryable errors with growing jittered waits', async () => {
    const start = Date.now();
    const { fn, at } = flaky(3);
    const result = retry(fn, { policy }, deps);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(at.map((t) => t - start)).toEqual([0, 50, 150, 350]);
    expect(fn.mock.calls.map((c) => c[0])).toEqual([1, 2, 3, 4]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { fn } = flaky(10);
    const result = retry(fn, { policy }, deps).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await result).toMatchObject({ code: 'E_UPSTREAM' });
    expect(fn).toHaveBeenCalledTimes(4);
  });

  it('does not retry errors that are not retryable', async () => {
    const { fn } = flaky(1, () => new AppError('E_VALIDATION', 'bad'));
    await expect(retry(fn, { policy }, deps)).rejects.toMatchObject({ code: 'E_VALIDATION' });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not retry plain errors by default but takes a custom filter', async () => {
    const plain = flaky(1, () => new Error('ECONNRESET'));
    await expect(retry(plain.fn, { policy }, deps)).rejects.toThrow('ECONNRESET');
    const custom = flaky(1, () => new Error('ECONNRESET'));
    const result = retry(custom.fn, { policy, isRetryable: () => true }, deps);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
  });

  it("waits as long as the server's Retry-After says", async () => {
    const start = Date.now();
    const { fn, at } = flaky(1, () => new AppError('E_RATE_LIMITED', 'Slow down.', { retryAfterMs: 7_000 }));
    const events: RetryEvent[] = [];
    const result = retry(fn, { policy, onRetry: (e) => events.push(e) }, deps);
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok');
    expect(at[1]! - start).toBe(7_000);
    expect(events).toMatchObject([{ attempt: 1, delayMs: 7_000, serverDelay: true }]);
  });

  it('gives up at once when Retry-After exceeds the budget', async () => {
    const { fn } = flaky(1, () => upstream({ retryAfterMs: 60_000 }));
    await expect(retry(fn, { policy }, deps)).rejects.toMatchObject({ retryAfterMs: 60_000 });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('never waits past the deadline', async () => {
    const deadline = createDeadline({ timeoutMs: 1_000 }, { clock, timers: systemTimers });
    const { fn } = flaky(1, () => upstream({ retryAfterMs: 2_000 }));
    await expect(retry(fn, { policy, deadline }, deps)).rejects.toMatchObject({ code: 'E_UPSTREAM' });
    expect(fn).toHaveBeenCalledTimes(1);
    deadline.dispose();
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const { fn } = flaky(5);
    const result = retry(fn, { policy, signal: controller.signal }, { ...deps, random: () => 0.99 });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('keeps attempts, waits and total time within the policy (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxAttempts: fc.integer({ min: 1, max: 8 }),
          baseDelayMs: fc.integer({ min: 0, max: 2_000 }),
          maxDelayMs: fc.integer({ min: 0, max: 10_000 }),
          budgetMs: fc.integer({ min: 0, max: 30_000 }),
        }),
        fc.array(fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }), { minLength: 8, maxLength: 8 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        async (p, retryAfters, r) => {
          const start = Date.now();
          const delays: RetryEvent[] = [];
          let calls = 0;
          const fn = async () => {
            const retryAfterMs = retryAfters[calls++];
            throw upstream(retryAfterMs === undefined ? {} : { retryAfterMs });
          };
          const result = retry(fn, { policy: p, onRetry: (e) => delays.push(e) }, { ...deps, random: () => r }).catch(() => 'failed');
          await vi.runAllTimersAsync();
          expect(await result).toBe('failed');
          expect(calls).toBeLessThanOrEqual(p.maxAttempts);
          for (const d of delays) if (!d.serverDelay) expect(d.delayMs).toBeLessThanOrEqual(p.maxDelayMs);
          expect(Date.now() - start).toBeLessThan(Math.max(1, p.budgetMs));
        },
      ),
      { numRuns: 150 },
    );
  });
});
