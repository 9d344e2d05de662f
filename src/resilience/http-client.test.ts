import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSsrfGuard, type DnsLookup, type SsrfGuardOptions } from '../security/ssrf-guard.js';
import { createHttpClient, type HttpClient, type HttpClientSettings } from './http-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Fake {
  server: Server;
  port: number;
  hits: string[];
  connections: number;
  origin: string;
}

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** A real loopback HTTP server recording every request path and connection. */
async function fake(handler: Handler, host = '127.0.0.1', port = 0): Promise<Fake> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  const state = { server, hits, connections: 0, port: 0, origin: '' };
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://${host}:${state.port}`;
  open.push({
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  });
  return state;
}

function client(guard: SsrfGuardOptions, settings: HttpClientSettings = {}): HttpClient {
  const c = createHttpClient({ ...settings, guard: createSsrfGuard(guard) });
  open.unshift({ close: () => c.close() });
  return c;
}

const json =
  (body: unknown): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

describe('http client: SSRF guard on real sockets', () => {
  it('fetches from an allowlisted loopback fake', async () => {
    const f = await fake(json({ ok: true }));
    const res = await client({ allowCidrs: ['127.0.0.1/32'] }).request(`${f.origin}/x`);
    expect(res.json()).toEqual({ ok: true });
  });

  it('refuses loopback without an allowlist and never connects', async () => {
    const f = await fake(json({ ok: true }));
    await expect(client({}).request(`${f.origin}/x`)).rejects.toMatchObject({ code: 'E_FORBIDDEN', details: { reason: 'loopback' } });
    expect(f.connections).toBe(0);
  });

  it('refuses a redirect to a forbidden address and never reaches it', async () => {
    const internal = await fake(json({ secret: true }), '127.0.0.2');
    const front = await fake((_req, res) => res.writeHead(302, { location: `${internal.origin}/admin` }).end());
    const c = client({ allowCidrs: ['127.0.0.1/32'] });
    await expect(c.request(`${front.origin}/start`)).rejects.toMatchObject({ code: 'E_FORBIDDEN', details: { reason: 'loopback' } });
    expect(internal.hits).toEqual([]);
  });

  it('refuses a redirect to the metadata address', async () => {
    const front = await fake((_req, res) => res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    await expect(client({ allowCidrs: ['127.0.0.1/32'] }).request(front.origin)).rejects.toMatchObject({
      details: { reason: 'metadata' },
    });
  });

  it('refuses a redirect to a decimal host form', async () => {
    const front = await fake((_req, res) => res.writeHead(302, { location: 'http://2130706433/' }).end());
    await expect(client({ allowCidrs: ['127.0.0.0/8'] }).request(front.origin)).rejects.toMatchObject({
      details: { reason: 'unusual-numeric-host' },
    });
  });

  it('refuses a forbidden redirect through the guarded fetch too', async () => {
    const internal = await fake(json({ secret: true }), '127.0.0.2');
    const front = await fake((_req, res) => res.writeHead(302, { location: `${internal.origin}/admin` }).end());
    const error = await client({ allowCidrs: ['127.0.0.1/32'] })
      .fetch(`${front.origin}/start`)
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(internal.hits).toEqual([]);
  });

  it('connects to the address it checked: a resolver changing its answer is asked once per connection', async () => {
    const legit = await fake(json({ from: 'legit' }));
    const internal = await fake(json({ from: 'internal' }), '127.0.0.2', legit.port);
    let lookups = 0;
    const rebinding: DnsLookup = async () => [{ address: ++lookups === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    const c = client({ allowCidrs: ['127.0.0.1/32'], lookup: rebinding });
    const res = await c.request(`http://rebind.test:${legit.port}/`);
    expect([res.json(), lookups, internal.hits.length]).toEqual([{ from: 'legit' }, 1, 0]);
  });

  it('refuses a new connection once the resolver turns to a forbidden address', async () => {
    const legit = await fake(json({ from: 'legit' }));
    const internal = await fake(json({ from: 'internal' }), '127.0.0.2', legit.port);
    let lookups = 0;
    const rebinding: DnsLookup = async () => [{ address: ++lookups === 1 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    const guard = { allowCidrs: ['127.0.0.1/32'], lookup: rebinding };
    await client(guard).request(`http://rebind.test:${legit.port}/`);
    await expect(client(guard).request(`http://rebind.test:${legit.port}/`)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect(internal.hits).toEqual([]);
  });
});

describe('http client: redirects', () => {
  it('follows a relative redirect', async () => {
    const f = await fake((req, res) =>
      req.url === '/old' ? res.writeHead(302, { location: '/new' }).end() : json({ at: req.url })(req, res),
    );
    const res = await client({ allowCidrs: ['127.0.0.1'] }).request(`${f.origin}/old`);
    expect([res.json(), res.redirects]).toEqual([{ at: '/new' }, 1]);
  });

  it('stops after the redirect cap', async () => {
    const f = await fake((_req, res) => res.writeHead(302, { location: '/again' }).end());
    await expect(client({ allowCidrs: ['127.0.0.1'] }, { maxRedirects: 3 }).request(f.origin)).rejects.toMatchObject({
      code: 'E_UPSTREAM',
      details: { reason: 'too-many-redirects' },
    });
    expect(f.hits).toHaveLength(4);
  });

  it('turns a POST into a GET on 303', async () => {
    const f = await fake((req, res) =>
      req.url === '/form' ? res.writeHead(303, { location: '/done' }).end() : json({ method: req.method })(req, res),
    );
    const res = await client({ allowCidrs: ['127.0.0.1'] }).request(`${f.origin}/form`, { method: 'POST', body: 'a=1' });
    expect(res.json()).toEqual({ method: 'GET' });
  });

  it('drops credentials on a cross-origin redirect', async () => {
    let seen: Record<string, unknown> = {};
    const other = await fake((req, res) => {
      seen = req.headers;
      res.end('{}');
    }, '127.0.0.2');
    const front = await fake((_req, res) => res.writeHead(307, { location: `${other.origin}/` }).end());
    await client({ allowCidrs: ['127.0.0.0/8'] }).request(front.origin, {
      headers: { Authorization: 'Bearer abc', 'X-Subscription-Token': 'brave-key', 'X-Goog-Api-Key': 'g-key', Accept: 'application/json' },
    });
    expect(seen).toMatchObject({ accept: 'application/json' });
    expect(seen).not.toHaveProperty('authorization');
    expect(seen).not.toHaveProperty('x-subscription-token');
    expect(seen).not.toHaveProperty('x-goog-api-key');
  });

  it('returns the 3xx itself when redirects are off', async () => {
    const f = await fake((_req, res) => res.writeHead(302, { location: '/x' }).end());
    expect((await client({ allowCidrs: ['127.0.0.1'] }).request(f.origin, { followRedirects: false })).status).toBe(302);
  });
});

describe('http client: limits', () => {
  const big = 'x'.repeat(4096);

  it('refuses a body whose declared length is over the cap', async () => {
    const f = await fake((_req, res) => res.writeHead(200, { 'content-length': big.length }).end(big));
    await expect(client({ allowCidrs: ['127.0.0.1'] }, { maxResponseBytes: 1024 }).request(f.origin)).rejects.toMatchObject({
      code: 'E_PAYLOAD_TOO_LARGE',
    });
  });

  it('refuses a chunked body that grows over the cap', async () => {
    const f = await fake((_req, res) => {
      res.write(big);
      res.end(big);
    });
    await expect(client({ allowCidrs: ['127.0.0.1'] }).request(f.origin, { maxResponseBytes: 5000 })).rejects.toMatchObject({
      code: 'E_PAYLOAD_TOO_LARGE',
    });
  });

  it('times out a server that never answers', async () => {
    const f = await fake(() => undefined);
    await expect(client({ allowCidrs: ['127.0.0.1'] }, { requestTimeoutMs: 150 }).request(f.origin)).rejects.toMatchObject({
      code: 'E_TIMEOUT',
    });
  });

  it('reports a refused connection as a retryable E_UPSTREAM', async () => {
    const f = await fake(json({}));
    await new Promise((r) => f.server.close(r));
    await expect(client({ allowCidrs: ['127.0.0.1'] }).request(f.origin)).rejects.toMatchObject({ code: 'E_UPSTREAM', retryable: true });
  });

  it('reuses keep-alive connections for sequential requests', async () => {
    const f = await fake(json({}));
    const c = client({ allowCidrs: ['127.0.0.1'] });
    for (let i = 0; i < 10; i++) await c.request(f.origin);
    expect(f.connections).toBeLessThanOrEqual(2);
  });

  it('maps a caller abort to E_CANCELLED', async () => {
    const f = await fake(() => undefined);
    const controller = new AbortController();
    const pending = client({ allowCidrs: ['127.0.0.1'] }).request(f.origin, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });
});
