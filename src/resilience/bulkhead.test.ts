import fc from 'fast-check';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { hasCode } from '../core/errors.js';
import { createBulkhead } from './bulkhead.js';
import { createBulkheadRegistry } from './bulkhead-registry.js';

function gate() {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('bulkhead', () => {
  it('runs at most maxConcurrent calls and queues the next ones in order', async () => {
    const bh = createBulkhead({ name: 'k8s:prod', settings: { maxConcurrent: 2, maxQueue: 2 } });
    const gates = [gate(), gate(), gate(), gate()];
    const order: number[] = [];
    const calls = gates.map((g, i) =>
      bh.execute(async () => {
        order.push(i);
        await g.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(bh.snapshot()).toMatchObject({ running: 2, queued: 2 });
    gates[1]?.open();
    await calls[1];
    await Promise.resolve();
    expect(order).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2, 3]);
    expect(bh.snapshot()).toMatchObject({ running: 0, queued: 0 });
  });

  it('rejects with E_BULKHEAD_FULL when slots and queue are full', async () => {
    const bh = createBulkhead({ name: 'provider:openai', settings: { maxConcurrent: 1, maxQueue: 1 } });
    const g = gate();
    const first = bh.execute(() => g.promise);
    const second = bh.execute(() => 'queued');
    const error = await bh.execute(() => 'x').catch((e: unknown) => e);
    expect(hasCode(error, 'E_BULKHEAD_FULL')).toBe(true);
    expect((error as Error).message).toBe('Too many concurrent calls to "provider:openai": 1 running and 1 waiting. Try again shortly.');
    g.open();
    await first;
    await expect(second).resolves.toBe('queued');
    expect(bh.snapshot().rejected).toBe(1);
  });

  it('removes a waiting call whose signal aborts and keeps the queue moving', async () => {
    const bh = createBulkhead({ name: 'a', settings: { maxConcurrent: 1, maxQueue: 2 } });
    const g = gate();
    const first = bh.execute(() => g.promise);
    const controller = new AbortController();
    const abandoned = bh.execute(() => 'never', controller.signal);
    const next = bh.execute(() => 'next');
    controller.abort();
    await expect(abandoned).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(bh.queued).toBe(1);
    g.open();
    await first;
    await expect(next).resolves.toBe('next');
    expect(bh.running).toBe(0);
  });

  it('releases the slot when the call throws', async () => {
    const bh = createBulkhead({ name: 'a', settings: { maxConcurrent: 1, maxQueue: 0 } });
    await expect(bh.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(bh.execute(() => 'ok')).resolves.toBe('ok');
  });

  it('refuses to start when the signal is already aborted', async () => {
    const bh = createBulkhead({ name: 'a' });
    await expect(bh.execute(() => 'x', AbortSignal.abort())).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(bh.running).toBe(0);
  });

  it('exports running, queued and rejections per dependency', async () => {
    const registry = new Registry();
    const bulkheads = createBulkheadRegistry({ defaults: { maxConcurrent: 1, maxQueue: 0 }, metrics: { registry } });
    const g = gate();
    const running = bulkheads.get('mcp:github').execute(() => g.promise);
    await bulkheads
      .get('mcp:github')
      .execute(() => 'x')
      .catch(() => undefined);
    const text = await registry.metrics();
    expect(text).toContain('bulkhead_running{bulkhead="mcp:github"} 1');
    expect(text).toContain('bulkhead_queued{bulkhead="mcp:github"} 0');
    expect(text).toContain('bulkhead_rejections_total{bulkhead="mcp:github"} 1');
    g.open();
    await running;
  });

  it('applies per-name limits over the defaults', () => {
    const bulkheads = createBulkheadRegistry({ defaults: { maxConcurrent: 3 }, overrides: { 'k8s:prod': { maxQueue: 5 } } });
    expect(bulkheads.get('k8s:prod').snapshot().settings).toEqual({ maxConcurrent: 3, maxQueue: 5 });
    expect(bulkheads.snapshot().map((s) => s.name)).toEqual(['k8s:prod']);
  });

  it('never runs more than maxConcurrent calls and rejects only when the queue is full (property)', async () => {
    vi.useFakeTimers();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 5 }),
          fc.integer({ min: 0, max: 5 }),
          fc.array(fc.record({ at: fc.integer({ min: 0, max: 100 }), ms: fc.integer({ min: 1, max: 50 }) }), { maxLength: 40 }),
          async (maxConcurrent, maxQueue, calls) => {
            const bh = createBulkhead({ name: 'p', settings: { maxConcurrent, maxQueue } });
            let running = 0;
            let peak = 0;
            let wrongRejections = 0;
            const settled: Promise<unknown>[] = [];
            for (const c of calls) {
              setTimeout(() => {
                const full = bh.running === maxConcurrent && bh.queued === maxQueue;
                const p = bh.execute(async () => {
                  running++;
                  peak = Math.max(peak, running);
                  await new Promise((resolve) => setTimeout(resolve, c.ms));
                  running--;
                });
                settled.push(
                  p.catch((e: unknown) => {
                    if (!full || !hasCode(e, 'E_BULKHEAD_FULL')) wrongRejections++;
                  }),
                );
              }, c.at);
            }
            await vi.runAllTimersAsync();
            await Promise.all(settled);
            expect(peak).toBeLessThanOrEqual(maxConcurrent);
            expect(wrongRejections).toBe(0);
            expect(bh.snapshot()).toMatchObject({ running: 0, queued: 0 });
          },
        ),
        { numRuns: 100 },
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
