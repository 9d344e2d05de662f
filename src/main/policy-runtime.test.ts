import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../auth/rate-limit/rate-limiter.js';
import type { Clock } from '../core/deps.js';
import { rateLimiterCounter } from './policy-runtime.js';

describe("AX-20's counter on the rate limiter", () => {
  const clock: Clock = { now: () => Date.parse('2026-01-07T10:00:00Z'), monotonic: () => 0 };
  const counter = () => rateLimiterCounter(createRateLimiter({ policy: { perMinute: 100 }, clock }));

  it('takes at most N of many concurrent calls in an hour', async () => {
    const c = counter();
    const taken = await Promise.all(Array.from({ length: 10 }, () => c.take('policy:destructive:user:u-1', 3)));
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(await c.remaining('policy:destructive:user:u-1', 3)).toBe(0);
  });

  it('counts nothing when it refuses', async () => {
    const c = counter();
    for (let i = 0; i < 3; i++) expect(await c.take('k', 3)).toBe(true);
    expect(await c.take('k', 3)).toBe(false);
    expect(await c.take('other', 3)).toBe(true);
  });
});
