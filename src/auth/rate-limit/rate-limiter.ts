/**
 * The RateLimiter service: token buckets keyed by caller (principal or client IP), over a pluggable store.
 * The HTTP hook calls it per request; the gateway calls it per MCP tool call. When a shared store (Redis) fails or
 * is slow, the limiter keeps limiting with this replica's in-memory buckets instead of failing open.
 */
import { z } from 'zod';
import type { Clock } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { bucketPolicy, decisionFor, type RateLimitDecision } from './token-bucket.js';

/** "`perMinute` sustained, `burst` at once"; burst defaults to perMinute. */
export interface RateLimitPolicy {
  perMinute: number;
  burst?: number | undefined;
}

/** Consumes tokens from named buckets. */
export interface RateLimiter {
  /** The default policy (rateLimit.perMinute / rateLimit.burst). */
  readonly policy: RateLimitPolicy;
  /**
   * Take `cost` tokens (default 1; 0 only looks) from bucket `key` under `policy` (default: the default policy).
   * Throws E_VALIDATION for a cost above the bucket capacity, which could never succeed.
   */
  consume(key: string, cost?: number, policy?: RateLimitPolicy): Promise<RateLimitDecision>;
}

export interface RateLimiterOptions {
  policy: RateLimitPolicy;
  clock: Clock;
  /** The bucket store; default in-memory. */
  store?: RateLimitStore;
  /** Per-take budget of a non-memory store before falling back to memory (default 250 ms). */
  storeTimeoutMs?: number;
  log?: Logger;
}

const consumeInput = z.object({
  key: z.string().min(1).max(512),
  cost: z.number().int().min(0),
  perMinute: z.number().int().min(1),
  burst: z.number().int().min(1).optional(),
});

/**
 * Create a limiter.
 * @example
 * const limiter = createRateLimiter({ policy: { perMinute: 100 }, clock: deps.clock, store: createRedisStore(redis) });
 * const d = await limiter.consume(`principal:${p.type}:${p.id}`);
 * if (!d.allowed) throw new AppError('E_RATE_LIMITED', 'Too many calls.', { retryAfterMs: d.retryAfterMs });
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const store = options.store ?? createMemoryStore();
  const fallback = store.name === 'memory' ? store : createMemoryStore();
  const timeoutMs = options.storeTimeoutMs ?? 250;
  let degraded = false;

  const take = async (key: string, policy: ReturnType<typeof bucketPolicy>, cost: number, now: number) => {
    if (store === fallback) return store.take(key, policy, cost, now);
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        store.take(key, policy, cost, now),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      if (degraded) options.log?.info({ store: store.name }, 'rate-limit store recovered');
      degraded = false;
      return result;
    } catch (error) {
      // Log the transition only: a Redis outage would otherwise log once per request.
      if (!degraded)
        options.log?.warn({ store: store.name, err: (error as Error).message }, 'rate-limit store failed; using in-memory buckets');
      degraded = true;
      return fallback.take(key, policy, cost, now);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    policy: options.policy,
    async consume(key, cost = 1, policy = options.policy) {
      const input = consumeInput.safeParse({ key, cost, perMinute: policy.perMinute, burst: policy.burst });
      if (!input.success) {
        throw new AppError(
          'E_VALIDATION',
          `Invalid rate-limit call: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      const bucket = bucketPolicy(policy.perMinute, policy.burst);
      if (cost > bucket.capacity) {
        throw new AppError(
          'E_VALIDATION',
          `A cost of ${cost} can never fit a bucket of ${bucket.capacity}; raise the burst or lower the cost.`,
        );
      }
      // The policy is part of the key: a route override never shares tokens with the default bucket.
      const scoped = `${policy.perMinute}/${bucket.capacity}:${key}`;
      const { allowed, tokens } = await take(scoped, bucket, cost, options.clock.now());
      return decisionFor(tokens, allowed, bucket, cost);
    },
  };
}
