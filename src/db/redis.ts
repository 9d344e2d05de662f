/**
 * Redis connection (ioredis) for shared rate limits, revocations, breaker state and the job queue.
 */
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { AppError } from '../core/errors.js';
import { safeUrl } from './database.js';

export type { Redis };

export interface RedisOptions {
  url: string;
  keyPrefix: string;
  connectTimeoutMs: number;
}

/**
 * Connect lazily; commands fail fast while disconnected (no unbounded offline queue) and the client
 * keeps reconnecting with capped backoff, so a Redis outage degrades readiness instead of crashing.
 */
export function createRedis(options: RedisOptions): Redis {
  // Required here, not imported at the top: processes without `redis.url` (e.g. `code-engine mcp`) never load
  // ioredis, which costs ~130 ms of start-up (issue #6).
  const { Redis: RedisClient } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  const client = new RedisClient(options.url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
  });
  // ioredis emits 'error' on every failed reconnect; readiness reports it, the process must not crash.
  client.on('error', () => {});
  return client;
}

/** PING with a deadline; rejects with E_UNAVAILABLE naming the server (without credentials). */
export async function pingRedis(client: Redis, url: string, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    if (client.status === 'wait') await client.connect();
    await Promise.race([
      client.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (cause) {
    throw new AppError('E_UNAVAILABLE', `Redis at ${safeUrl(url)} is unreachable: ${(cause as Error).message}`, { cause });
  } finally {
    clearTimeout(timer);
  }
}
