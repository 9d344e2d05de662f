/**
 * Token-bucket arithmetic, pure and clock-free: a bucket holds up to `capacity` tokens and refills continuously at
 * `refillPerMs`; a request takes `cost` tokens or is refused. Stores (memory, Redis) apply exactly this math.
 */

/** Bucket parameters. */
export interface BucketPolicy {
  /** Most tokens the bucket holds (the burst). */
  capacity: number;
  /** Tokens added per millisecond (perMinute / 60 000). */
  refillPerMs: number;
}

/** Stored state of one bucket. */
export interface BucketState {
  tokens: number;
  /** Epoch ms of the last update. */
  updatedAt: number;
}

/** A limiter's answer for one request; the RateLimit-* headers are derived from it. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Bucket capacity (RateLimit-Limit). */
  limit: number;
  /** Whole tokens left after this request (RateLimit-Remaining). */
  remaining: number;
  /** Milliseconds until the bucket is full again (RateLimit-Reset). */
  resetMs: number;
  /** Milliseconds until this request would be allowed; 0 when allowed (Retry-After). */
  retryAfterMs: number;
}

/** The policy for "`perMinute` sustained, `burst` at once" (burst defaults to perMinute). */
export function bucketPolicy(perMinute: number, burst?: number): BucketPolicy {
  return { capacity: burst ?? perMinute, refillPerMs: perMinute / 60_000 };
}

/**
 * Refill `state` up to `now`, then try to take `cost` tokens. A clock that went backwards refills nothing.
 * @example const { state, allowed } = takeTokens(previous, clock.now(), bucketPolicy(100), 1)
 */
export function takeTokens(
  previous: BucketState | undefined,
  now: number,
  policy: BucketPolicy,
  cost: number,
): { state: BucketState; allowed: boolean } {
  let tokens = policy.capacity;
  let updatedAt = now;
  if (previous) {
    const elapsed = Math.max(0, now - previous.updatedAt);
    tokens = Math.min(policy.capacity, previous.tokens + elapsed * policy.refillPerMs);
    updatedAt = Math.max(now, previous.updatedAt);
  }
  const allowed = tokens >= cost;
  if (allowed) tokens -= cost;
  return { state: { tokens, updatedAt }, allowed };
}

/** The decision (counts and waits) for a bucket left with `tokens` after a take of `cost`. */
export function decisionFor(tokens: number, allowed: boolean, policy: BucketPolicy, cost: number): RateLimitDecision {
  // Float refill can leave 4.9999999 for what is "5 tokens"; round to a microtoken before flooring.
  const settled = Math.round(tokens * 1e6) / 1e6;
  return {
    allowed,
    limit: policy.capacity,
    remaining: Math.max(0, Math.floor(settled)),
    resetMs: Math.max(0, Math.ceil((policy.capacity - settled) / policy.refillPerMs)),
    retryAfterMs: allowed ? 0 : Math.max(1, Math.ceil((cost - settled) / policy.refillPerMs)),
  };
}
