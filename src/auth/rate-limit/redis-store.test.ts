import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisAvailable, testKeyPrefix } from '../../../test/helpers/redis.js';
import { createRedis, type Redis } from '../../db/redis.js';
import { createRateLimiter } from './rate-limiter.js';
import { createRedisStore } from './redis-store.js';

describe.runIf(await redisAvailable())('redis store', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = createRedis({ url: REDIS_URL, keyPrefix: testKeyPrefix(), connectTimeoutMs: 2000 });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${redis.options.keyPrefix}*`);
    if (keys.length) await redis.del(...keys.map((k) => k.slice(String(redis.options.keyPrefix).length)));
    await redis.quit();
  });

  const clockAt = (now: number) => ({ now: () => now, monotonic: () => now });

  it('applies the same bucket math as the memory store', async () => {
    const limiter = createRateLimiter({ policy: { perMinute: 60, burst: 2 }, clock: clockAt(1_000_000), store: createRedisStore(redis) });
    const results = [await limiter.consume('math'), await limiter.consume('math'), await limiter.consume('math')];
    expect(results.map((r) => r.allowed)).toEqual([true, true, false]);
    expect(results[2]).toEqual({ allowed: false, limit: 2, remaining: 0, resetMs: 2000, retryAfterMs: 1000 });
  });

  it('refills from the time passed by the caller', async () => {
    const store = createRedisStore(redis);
    const policy = { capacity: 1, refillPerMs: 0.001 };
    await store.take('refill', policy, 1, 5_000_000);
    expect((await store.take('refill', policy, 1, 5_000_999)).allowed).toBe(false);
    expect((await store.take('refill', policy, 1, 5_002_000)).allowed).toBe(true);
  });

  it('never over-admits under concurrent takes', async () => {
    const store = createRedisStore(redis);
    const policy = { capacity: 10, refillPerMs: 1e-9 };
    const results = await Promise.all(Array.from({ length: 50 }, () => store.take('race', policy, 1, 9_000_000)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it('lets an idle bucket expire', async () => {
    const store = createRedisStore(redis);
    await store.take('ttl', { capacity: 5, refillPerMs: 1 }, 1, 1);
    const ttl = await redis.pttl('rl:ttl');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1001);
  });
});
