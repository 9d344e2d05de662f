import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { createRateLimiter } from './rate-limiter.js';

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    monotonic: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('rate limiter', () => {
  it('allows a full burst, then refuses', async () => {
    const limiter = createRateLimiter({ policy: { perMinute: 60, burst: 3 }, clock: manualClock() });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.consume('ip:1'));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
  });

  it('says when to retry and when the bucket is full again', async () => {
    const limiter = createRateLimiter({ policy: { perMinute: 60, burst: 2 }, clock: manualClock() });
    await limiter.consume('k');
    await limiter.consume('k');
    const refused = await limiter.consume('k');
    expect(refused).toEqual({ allowed: false, limit: 2, remaining: 0, resetMs: 2000, retryAfterMs: 1000 });
  });

  it('refills at perMinute / 60 000 tokens per millisecond', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ policy: { perMinute: 60, burst: 1 }, clock });
    await limiter.consume('k');
    clock.advance(999);
    expect((await limiter.consume('k')).allowed).toBe(false);
    clock.advance(1);
    expect((await limiter.consume('k')).allowed).toBe(true);
  });

  it('never refills above the burst', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ policy: { perMinute: 100, burst: 5 }, clock });
    await limiter.consume('k');
    clock.advance(3_600_000);
    expect((await limiter.consume('k', 0)).remaining).toBe(5);
  });

  it('keeps buckets of different keys apart', async () => {
    const limiter = createRateLimiter({ policy: { perMinute: 1 }, clock: manualClock() });
    expect((await limiter.consume('a')).allowed).toBe(true);
    expect((await limiter.consume('b')).allowed).toBe(true);
    expect((await limiter.consume('a')).allowed).toBe(false);
  });

  it('keeps a policy override apart from the default bucket of the same key', async () => {
    const limiter = createRateLimiter({ policy: { perMinute: 1 }, clock: manualClock() });
    await limiter.consume('a');
    expect((await limiter.consume('a', 1, { perMinute: 10 })).allowed).toBe(true);
  });

  it('charges a cost of several tokens', async () => {
    const limiter = createRateLimiter({ policy: { perMinute: 60, burst: 10 }, clock: manualClock() });
    expect(await limiter.consume('k', 7)).toMatchObject({ allowed: true, remaining: 3 });
    expect(await limiter.consume('k', 4)).toMatchObject({ allowed: false, remaining: 3, retryAfterMs: 1000 });
  });

  it('rejects a cost larger than the bucket', async () => {
    const limiter = createRateLimiter({ policy: { perMinute: 10 }, clock: manualClock() });
    await expect(limiter.consume('k', 11)).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });

  it('does not mint tokens when the clock goes backwards', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ policy: { perMinute: 60, burst: 1 }, clock });
    await limiter.consume('k');
    clock.advance(-60_000);
    expect((await limiter.consume('k')).allowed).toBe(false);
  });

  it('falls back to in-memory buckets when the shared store fails', async () => {
    const broken: RateLimitStore = {
      name: 'redis',
      take: async () => {
        throw new Error('connection refused');
      },
    };
    const warnings: unknown[] = [];
    const log = { warn: (o: unknown) => warnings.push(o), info: () => {} } as never;
    const limiter = createRateLimiter({ policy: { perMinute: 60, burst: 1 }, clock: manualClock(), store: broken, log });
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('k')).allowed).toBe(false);
    expect(warnings).toHaveLength(1);
  });
});

describe('memory store', () => {
  it('stays within maxKeys under a flood of distinct keys', async () => {
    const store = createMemoryStore({ maxKeys: 10 });
    const policy = { capacity: 5, refillPerMs: 0.001 };
    for (let i = 0; i < 100; i++) await store.take(`ip:${i}`, policy, 1, 0);
    // The most recent key survives eviction with its state.
    expect((await store.take('ip:99', policy, 0, 0)).tokens).toBe(4);
  });
});
