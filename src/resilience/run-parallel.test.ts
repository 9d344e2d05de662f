import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../core/errors.js';
import { type ParallelProgress, runParallel } from './run-parallel.js';
import { systemTimers } from './timers.js';

const time = { clock: { now: () => Date.now(), monotonic: () => Date.now() }, timers: systemTimers };
const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('parallel executor', () => {
  it('returns results in input order with per-task success or error', async () => {
    const run = runParallel(
      [30, 10, 20],
      async (ms, { index }) => {
        await wait(ms);
        if (index === 1) throw new AppError('E_UPSTREAM', 'provider 2 failed');
        return ms * 2;
      },
      { concurrency: 3 },
      time,
    );
    await vi.runAllTimersAsync();
    const results = await run;
    expect(results.map((r) => (r.ok ? r.value : r.error.code))).toEqual([60, 'E_UPSTREAM', 40]);
    expect(results.map((r) => r.durationMs)).toEqual([30, 10, 20]);
  });

  it('ends a task at its timeout and moves on', async () => {
    const run = runParallel([5_000, 10], (ms, { signal }) => wait(ms, signal).then(() => ms), { concurrency: 1, taskTimeoutMs: 100 }, time);
    await vi.runAllTimersAsync();
    const [slow, fast] = await run;
    expect(slow).toMatchObject({ ok: false, error: { code: 'E_TIMEOUT' }, durationMs: 100, started: true });
    expect(fast).toMatchObject({ ok: true, value: 10 });
  });

  it('cancels running tasks and skips the rest on the first failure with fail-fast', async () => {
    const started: number[] = [];
    const signals: AbortSignal[] = [];
    const run = runParallel(
      [0, 1, 2, 3],
      async (i, { signal }) => {
        started.push(i);
        signals.push(signal);
        if (i === 0) {
          await wait(5);
          throw new AppError('E_UPSTREAM', 'first one failed');
        }
        await wait(1_000, signal);
        return i;
      },
      { concurrency: 2, failFast: true },
      time,
    );
    await vi.runAllTimersAsync();
    const results = await run;
    expect(started).toEqual([0, 1]);
    expect(signals[1]?.aborted).toBe(true);
    expect(results.map((r) => (r.ok ? r.value : `${r.error.code}:${r.started}`))).toEqual([
      'E_UPSTREAM:true',
      'E_CANCELLED:true',
      'E_CANCELLED:false',
      'E_CANCELLED:false',
    ]);
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    const run = runParallel(
      [1, 2, 3],
      (i, { signal }) => wait(100, signal).then(() => i),
      { concurrency: 1, signal: controller.signal },
      time,
    );
    await vi.advanceTimersByTimeAsync(150);
    controller.abort();
    await vi.runAllTimersAsync();
    expect((await run).map((r) => (r.ok ? r.value : r.error.code))).toEqual([1, 'E_CANCELLED', 'E_CANCELLED']);
  });

  it('reports progress after each task', async () => {
    const seen: ParallelProgress[] = [];
    const run = runParallel(['a', 'b'], (x) => x, { concurrency: 2, onProgress: (p) => seen.push(p) }, time);
    await vi.runAllTimersAsync();
    await run;
    expect(seen.at(-1)).toEqual({ total: 2, completed: 2, succeeded: 2, failed: 0, running: 0 });
    expect(seen).toHaveLength(2);
  });

  it('turns thrown non-AppErrors into E_INTERNAL keeping the cause', async () => {
    const boom = new Error('boom');
    const [r] = await runParallel(
      [1],
      () => {
        throw boom;
      },
      { concurrency: 1 },
      time,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'E_INTERNAL', cause: boom } });
  });

  it('returns an empty list for no items', async () => {
    await expect(runParallel([], () => 1, { concurrency: 4 }, time)).resolves.toEqual([]);
  });

  it('keeps input order and never exceeds the concurrency bound (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ ms: fc.integer({ min: 0, max: 50 }), fails: fc.boolean() }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        async (tasks, concurrency) => {
          let running = 0;
          let peak = 0;
          const run = runParallel(
            tasks,
            async (task, { index }) => {
              running++;
              peak = Math.max(peak, running);
              try {
                await wait(task.ms);
                if (task.fails) throw new AppError('E_UPSTREAM', `task ${index}`);
                return index;
              } finally {
                running--;
              }
            },
            { concurrency },
            time,
          );
          await vi.runAllTimersAsync();
          const results = await run;
          expect(peak).toBeLessThanOrEqual(concurrency);
          expect(results.map((r) => r.index)).toEqual(tasks.map((_, i) => i));
          results.forEach((r, i) => {
            expect(r.ok).toBe(!tasks[i]?.fails);
            if (r.ok) expect(r.value).toBe(i);
          });
        },
      ),
      { numRuns: 100 },
    );
  });
});
