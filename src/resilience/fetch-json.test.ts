import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { systemClock } from '../core/deps.js';
import { createSsrfGuard } from '../security/ssrf-guard.js';
import { createFetchJson } from './fetch-json.js';
import { createHttpClient } from './http-client.js';
import { createResilience } from './index.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A loopback fake answering each request with the next handler (the last one repeats); counts hits. */
async function fake(...handlers: Handler[]): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => handlers[Math.min(hits++, handlers.length - 1)]!(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/item`, hits: () => hits };
}

const send =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

function setup(allow = ['127.0.0.1']) {
  const http = createHttpClient({ guard: createSsrfGuard({ allowCidrs: allow }), maxResponseBytes: 4096 });
  const resilience = createResilience({
    clock: systemClock,
    random: () => 0,
    settings: {
      breaker: { consecutiveFailures: 2, openMs: 60_000 },
      retry: { presets: { quick: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1_000 } } },
    },
  });
  closers.push(() => http.close());
  return createFetchJson({ http, resilience });
}

const Item = z.object({ id: z.number(), name: z.string() });

describe('fetchJson', () => {
  it('returns the validated body', async () => {
    const f = await fake(send(200, { id: 1, name: 'a', extra: true }));
    expect(await setup()(f.url, { schema: Item })).toEqual({ id: 1, name: 'a' });
  });

  it('sends a JSON body with its content type', async () => {
    let seen = '';
    const f = await fake((req, res) => {
      seen = String(req.headers['content-type']);
      req.resume();
      send(200, { id: 2, name: 'b' })(req, res);
    });
    await setup()(f.url, { schema: Item, method: 'POST', body: { q: 1 } });
    expect(seen).toBe('application/json');
  });

  it('rejects a body that does not match the schema as E_UPSTREAM without retrying', async () => {
    const f = await fake(send(200, { id: 'x' }));
    await expect(setup()(f.url, { schema: Item, retry: 'quick' })).rejects.toMatchObject({
      code: 'E_UPSTREAM',
      details: { reason: 'schema' },
    });
    expect(f.hits()).toBe(1);
  });

  it('rejects a body that is not JSON', async () => {
    const f = await fake(send(200, '<html>'));
    await expect(setup()(f.url, { schema: Item })).rejects.toMatchObject({ code: 'E_UPSTREAM' });
  });

  it('retries a 503 and succeeds', async () => {
    const f = await fake(send(503, { error: 'busy' }), send(200, { id: 3, name: 'c' }));
    expect(await setup()(f.url, { schema: Item, retry: 'quick' })).toEqual({ id: 3, name: 'c' });
  });

  it('does not retry a POST by default', async () => {
    const f = await fake(send(503, {}), send(200, { id: 3, name: 'c' }));
    await expect(setup()(f.url, { schema: Item, method: 'POST', body: {} })).rejects.toMatchObject({ code: 'E_UPSTREAM', retryable: true });
  });

  it('maps 404 to E_NOT_FOUND, which does not count against the breaker', async () => {
    const f = await fake(send(404, { error: 'no such item' }));
    const fetchJson = setup();
    for (let i = 0; i < 3; i++) await expect(fetchJson(f.url, { schema: Item })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect(f.hits()).toBe(3);
  });

  it('carries the Retry-After of a 429', async () => {
    const f = await fake(send(429, { error: 'slow down' }, { 'retry-after': '7' }));
    await expect(setup()(f.url, { schema: Item, retry: false })).rejects.toMatchObject({ code: 'E_RATE_LIMITED', retryAfterMs: 7000 });
  });

  it('redacts secrets echoed in an error body', async () => {
    const f = await fake(send(401, { error: 'bad key sk-ant-api03-abcdefghijklmnopqrstuv' }));
    const error = await setup()(f.url, { schema: Item }).catch((e: Error) => e);
    expect((error as Error).message).not.toContain('abcdefghijklmnop');
  });

  it('opens the breaker after consecutive failures and then fails fast', async () => {
    const f = await fake(send(500, {}));
    const fetchJson = setup();
    for (let i = 0; i < 2; i++)
      await expect(fetchJson(f.url, { schema: Item, dependency: 'flaky', retry: false })).rejects.toMatchObject({ code: 'E_UPSTREAM' });
    await expect(fetchJson(f.url, { schema: Item, dependency: 'flaky' })).rejects.toMatchObject({ code: 'E_CIRCUIT_OPEN' });
    expect(f.hits()).toBe(2);
  });

  it('times out a hanging server', async () => {
    const f = await fake(() => undefined);
    await expect(setup()(f.url, { schema: Item, timeoutMs: 100, retry: false })).rejects.toMatchObject({ code: 'E_TIMEOUT' });
  });

  it('enforces the response size limit', async () => {
    const f = await fake(send(200, { id: 1, name: 'x'.repeat(10_000) }));
    await expect(setup()(f.url, { schema: Item })).rejects.toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
  });

  it('refuses a forbidden address without calling it or retrying', async () => {
    const f = await fake(send(200, { id: 1, name: 'a' }));
    await expect(setup([])(f.url, { schema: Item, retry: 'quick' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect(f.hits()).toBe(0);
  });
});
