/**
 * Where token buckets live. A store applies the token-bucket math atomically for one key and reports the tokens left.
 */
import type { BucketPolicy } from './token-bucket.js';

/** One atomic take on one bucket. */
export interface RateLimitStore {
  /** For logs and metrics: "memory" or "redis". */
  readonly name: string;
  /** Refill the bucket `key` up to `now` (epoch ms), then try to take `cost` tokens. */
  take(key: string, policy: BucketPolicy, cost: number, now: number): Promise<{ allowed: boolean; tokens: number }>;
}
