import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/app.js';
import { REDIS_URL, redisAvailable, testKeyPrefix } from '../../../test/helpers/redis.js';

describe.runIf(await redisAvailable())('rate limit shared through Redis', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function replica(keyPrefix: string): Promise<TestServer> {
    const server = await startTestServer({
      overrides: { 'redis.url': REDIS_URL, 'redis.keyPrefix': keyPrefix, 'rateLimit.perMinute': '6', 'log.level': 'warn' },
      routes: [(app) => void app.get('/api/ping', async () => ({ pong: true }))],
    });
    servers.push(server);
    return server;
  }

  it('gives two app instances one budget per caller', async () => {
    const prefix = testKeyPrefix();
    const [a, b] = [await replica(prefix), await replica(prefix)];
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await fetch(`${(i % 2 === 0 ? a : b).url}/api/ping`)).status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('reports the shared remaining count from either instance', async () => {
    const prefix = testKeyPrefix();
    const [a, b] = [await replica(prefix), await replica(prefix)];
    await fetch(`${a.url}/api/ping`);
    await fetch(`${a.url}/api/ping`);
    const res = await fetch(`${b.url}/api/ping`);
    expect(res.headers.get('ratelimit-remaining')).toBe('3');
  });

  it('keeps separate budgets under different key prefixes', async () => {
    const [a, b] = [await replica(testKeyPrefix()), await replica(testKeyPrefix())];
    for (let i = 0; i < 6; i++) await fetch(`${a.url}/api/ping`);
    expect((await fetch(`${b.url}/api/ping`)).status).toBe(200);
  });
});
