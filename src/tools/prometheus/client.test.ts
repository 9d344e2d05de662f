/**
 * The client's wire details that a healthy real Prometheus never shows: credentials on the wire and the mapping of
 * error answers. A loopback stand-in replies with Prometheus's own error envelopes; prometheus.test.ts covers the rest.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../../test/helpers/failure.js';
import { loopbackHttp } from '../../../test/helpers/loopback.js';
import { type PrometheusConfig, prometheusSchema } from '../../core/config/prometheus.js';
import { systemClock } from '../../core/deps.js';
import { createResilience } from '../../resilience/index.js';
import { stringList } from './api-schemas.js';
import { createPrometheusClient } from './client.js';

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function standIn(reply: Reply): Promise<{ url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function client(settings: Partial<PrometheusConfig>) {
  const http = loopbackHttp();
  closers.push(() => http.close());
  const resilience = createResilience({ clock: systemClock, random: () => 0 });
  return createPrometheusClient({ http, resilience, settings: { ...prometheusSchema.parse({}), retry: 'fast', ...settings } });
}

const labels = (c: ReturnType<typeof client>) =>
  c.call('labels', new URLSearchParams(), stringList, { signal: new AbortController().signal });

const ok = { status: 200, body: JSON.stringify({ status: 'success', data: ['job'] }) };

describe('Prometheus client', () => {
  it('sends basic credentials', async () => {
    const s = await standIn(ok);
    await labels(client({ url: s.url, username: 'grafana', password: 'pw' }));
    expect(s.seen[0]?.authorization).toBe(`Basic ${Buffer.from('grafana:pw').toString('base64')}`);
  });

  it('prefers a bearer token over basic credentials', async () => {
    const s = await standIn(ok);
    await labels(client({ url: s.url, bearerToken: 'tok-123', username: 'u', password: 'p' }));
    expect(s.seen[0]?.authorization).toBe('Bearer tok-123');
  });

  it('answers E_UNAVAILABLE when no URL is configured', async () => {
    const e = await failure(labels(client({})));
    expect(e.code).toBe('E_UNAVAILABLE');
    expect(e.message).toContain('prometheus.url is not set');
  });

  it('maps a refused credential to a non-retryable upstream error naming the settings', async () => {
    const s = await standIn({ status: 401, body: 'Unauthorized' });
    const e = await failure(labels(client({ url: s.url })));
    expect(e).toMatchObject({ code: 'E_UPSTREAM', retryable: false });
    expect(e.message).toContain('prometheus.bearerToken');
    expect(s.seen).toHaveLength(1);
  });

  it('maps a query timeout to E_TIMEOUT with Prometheus’s message', async () => {
    const body = JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' });
    const s = await standIn({ status: 503, body });
    const e = await failure(labels(client({ url: s.url })));
    expect(e.code).toBe('E_TIMEOUT');
    expect(e.message).toContain('query timed out in expression evaluation');
  });

  it('retries a 502 and then reports E_UPSTREAM', async () => {
    const s = await standIn({ status: 502, body: 'bad gateway' });
    const e = await failure(labels(client({ url: s.url })));
    expect(e.code).toBe('E_UPSTREAM');
    expect(s.seen).toHaveLength(3);
  });

  it('carries the Retry-After of a 429', async () => {
    const s = await standIn({ status: 429, body: 'slow down', headers: { 'retry-after': '120' } });
    const e = await failure(labels(client({ url: s.url })));
    expect(e.code).toBe('E_RATE_LIMITED');
    expect(e.retryAfterMs).toBeGreaterThan(100_000);
  });

  it('refuses an answer larger than maxResponseBytes', async () => {
    const s = await standIn({ status: 200, body: JSON.stringify({ status: 'success', data: ['x'.repeat(5_000)] }) });
    expect((await failure(labels(client({ url: s.url, maxResponseBytes: 1024 })))).code).toBe('E_PAYLOAD_TOO_LARGE');
  });

  it('reports an answer of the wrong shape as E_UPSTREAM', async () => {
    const s = await standIn({ status: 200, body: JSON.stringify({ status: 'success', data: { not: 'a list' } }) });
    const e = await failure(labels(client({ url: s.url })));
    expect(e).toMatchObject({ code: 'E_UPSTREAM', retryable: false });
  });
});
