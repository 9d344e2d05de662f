/**
 * The real Redis for tests (CODE_ENGINE_TEST_REDIS_URL, default redis://127.0.0.1:6379).
 * With CI=true an unreachable Redis fails the run; elsewhere Redis tests skip with a message.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { IS_CI } from './pg.js';

export const REDIS_URL = process.env.CODE_ENGINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let probe: Promise<string | undefined> | undefined;

export function redisProblem(): Promise<string | undefined> {
  probe ??= (async () => {
    const client = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return undefined;
    } catch (e) {
      return (e as Error).message || String(e);
    } finally {
      client.disconnect();
    }
  })();
  return probe;
}

/** True when Redis tests should run; throws under CI=true when Redis is unreachable. Use with top-level await. */
export async function redisAvailable(): Promise<boolean> {
  const problem = await redisProblem();
  if (!problem) return true;
  if (IS_CI) throw new Error(`CI=true requires Redis at ${REDIS_URL}, but it is unreachable: ${problem}`);
  console.warn(`[skip] Redis tests skipped: ${REDIS_URL} is unreachable (${problem}). Set CI=true to make this an error.`);
  return false;
}

/** A key prefix unique to one test, so parallel test files never share keys. */
export function testKeyPrefix(): string {
  return `ce-test:${randomBytes(6).toString('hex')}:`;
}
