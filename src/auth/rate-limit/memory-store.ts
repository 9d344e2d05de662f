/**
 * In-process bucket store: the default, and the fallback of a replica whose Redis is unreachable.
 */
import type { RateLimitStore } from './rate-limit-store.js';
import { type BucketState, takeTokens } from './token-bucket.js';

/**
 * Buckets in a Map, bounded: past `maxKeys`, buckets that have refilled completely are dropped (they equal a fresh
 * bucket), then the oldest, so a flood of distinct client IPs cannot grow memory without limit.
 */
export function createMemoryStore(options: { maxKeys?: number } = {}): RateLimitStore {
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, BucketState & { capacity: number; refillPerMs: number }>();

  const sweep = (now: number): void => {
    for (const [key, b] of buckets) {
      if (b.tokens + (now - b.updatedAt) * b.refillPerMs >= b.capacity) buckets.delete(key);
    }
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  };

  return {
    name: 'memory',
    async take(key, policy, cost, now) {
      const { state, allowed } = takeTokens(buckets.get(key), now, policy, cost);
      if (!buckets.has(key) && buckets.size >= maxKeys) sweep(now);
      // Re-insert so Map order is least-recently-used first.
      buckets.delete(key);
      buckets.set(key, { ...state, capacity: policy.capacity, refillPerMs: policy.refillPerMs });
      return { allowed, tokens: state.tokens };
    },
  };
}
