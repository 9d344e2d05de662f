import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../helpers/app.js';
import { REDIS_URL, redisAvailable } from '../helpers/redis.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('serve', () => {
  it('serves live, ready, docs and metrics on an ephemeral port with SQLite in the data dir', async () => {
    server = await startTestServer();
    for (const path of ['/health/live', '/health/ready', '/docs/', '/metrics', '/openapi.json']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
    }
    expect(server.runtime.db.description).toContain(server.dataDir);
  });

  it('reports not ready with 503 once the database is gone, while staying live', async () => {
    server = await startTestServer();
    await server.runtime.db.close();
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'fail',
      checks: expect.arrayContaining([expect.objectContaining({ name: 'database', status: 'fail' })]),
    });
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  });

  it('keeps serving live when PostgreSQL is unreachable and says why in ready', async () => {
    server = await startTestServer({
      overrides: { 'database.url': 'postgres://postgres@127.0.0.1:1/none', 'database.connectTimeoutMs': '500' },
    });
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: Array<{ name: string; error?: string }> };
    expect(body.checks.find((c) => c.name === 'database')?.error).toMatch(/unreachable/);
    expect(body.checks.find((c) => c.name === 'migrations')?.error).toBeDefined();
  });

  it('finishes an in-flight request during graceful shutdown and then refuses new ones', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    server = await startTestServer({
      routes: [
        (app) => {
          app
            .withTypeProvider<ZodTypeProvider>()
            .get('/test/slow', { schema: { response: { 200: z.object({ done: z.boolean() }) } } }, async () => {
              entered();
              await gate;
              return { done: true };
            });
        },
      ],
    });
    const url = server.url;
    const inFlight = fetch(`${url}/test/slow`);
    await inHandler;
    const stopped = server.server.stop('test');
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(await stopped).toBe(true);
    await expect(fetch(`${url}/health/live`)).rejects.toThrow();
    server = undefined;
  });
});

describe.runIf(await redisAvailable())('serve with Redis', () => {
  it('includes Redis in readiness', async () => {
    server = await startTestServer({ overrides: { 'redis.url': REDIS_URL } });
    const res = await fetch(`${server.url}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      checks: expect.arrayContaining([expect.objectContaining({ name: 'redis', status: 'pass' })]),
    });
  });

  it('reports not ready when Redis is unreachable', async () => {
    server = await startTestServer({ overrides: { 'redis.url': 'redis://127.0.0.1:1', 'redis.connectTimeoutMs': '300' } });
    const res = await fetch(`${server.url}/health/ready`);
    expect(res.status).toBe(503);
  });
});
