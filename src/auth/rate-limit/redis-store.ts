/**
 * Redis bucket store: one Lua script refills and takes atomically on the server, so every replica draws from the
 * same budget. Time comes from the caller's clock (replicas' clocks are NTP-close; a clock behind the stored
 * time refills nothing instead of minting tokens).
 */
import type { Redis } from '../../db/redis.js';
import type { RateLimitStore } from './rate-limit-store.js';

/**
 * KEYS[1] bucket; ARGV: capacity, refillPerMs, cost, nowMs. Returns { allowed (0/1), tokens (string) }.
 * Tokens are returned as a string because Redis truncates Lua numbers to integers.
 */
export const TOKEN_BUCKET_LUA = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
elseif now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate)
  ts = now
end
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'ts', string.format('%d', ts))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 1000)
return { allowed, string.format('%.17g', tokens) }
`;

type BucketCommand = (key: string, capacity: number, rate: number, cost: number, now: number) => Promise<[number, string]>;

/**
 * Buckets under `<redis.keyPrefix><keyPrefix><key>` (the client adds redis.keyPrefix); they expire once full.
 * @example createRedisStore(redis) // with services' shared ioredis client
 */
export function createRedisStore(redis: Redis, options: { keyPrefix?: string } = {}): RateLimitStore {
  const keyPrefix = options.keyPrefix ?? 'rl:';
  const client = redis as Redis & { ceTokenBucket?: BucketCommand };
  // defineCommand sends EVALSHA and falls back to EVAL after a NOSCRIPT (e.g. after a Redis restart).
  if (typeof client.ceTokenBucket !== 'function') client.defineCommand('ceTokenBucket', { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
  const run = client.ceTokenBucket as BucketCommand;
  return {
    name: 'redis',
    async take(key, policy, cost, now) {
      if (client.status === 'wait') await client.connect().catch(() => {});
      const [allowed, tokens] = await run.call(client, `${keyPrefix}${key}`, policy.capacity, policy.refillPerMs, cost, Math.floor(now));
      return { allowed: Number(allowed) === 1, tokens: Number(tokens) };
    },
  };
}
