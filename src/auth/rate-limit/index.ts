/**
 * The rate-limit capability: token buckets per caller in memory or shared through Redis. Build it with
 * createRateLimiter; it is `services.rateLimiter`, called by the HTTP hook and the gateway.
 */
export { createMemoryStore } from './memory-store.js';
export type { RateLimitStore } from './rate-limit-store.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions, type RateLimitPolicy } from './rate-limiter.js';
export { createRedisStore } from './redis-store.js';
export { type BucketPolicy, bucketPolicy, type RateLimitDecision, takeTokens } from './token-bucket.js';
