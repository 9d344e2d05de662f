import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { captureLogs } from '../../../test/helpers/app.js';
import { loadConfig } from '../../core/config/load.js';
import { systemIds } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import type { HealthCheck } from '../../monitoring/health.js';
import { createMetricsRegistry } from '../../monitoring/metrics.js';
import { buildApp } from './app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(options: { overrides?: Record<string, string>; checks?: HealthCheck[] } = {}) {
  const { config } = loadConfig({ overrides: options.overrides ?? {} });
  const logs = captureLogs();
  app = await buildApp({
    config,
    log: createLogger({ level: 'debug', format: 'json', stream: logs.stream }),
    ids: systemIds,
    metrics: createMetricsRegistry({ defaultMetrics: true, prefix: '' }),
    healthChecks: options.checks ?? [{ name: 'database', check: async () => {} }],
    version: '9.9.9',
    routes: [
      (a) => {
        const r = a.withTypeProvider<ZodTypeProvider>();
        r.post('/test/echo', { schema: { body: z.object({ name: z.string().min(2), count: z.number().int() }) } }, async (req) => req.body);
        r.get('/test/boom', async () => {
          throw new Error('database password hunter2 leaked in a driver message');
        });
        r.get('/test/conflict', async () => {
          throw new AppError('E_CONFLICT', 'Key ce_abcdef12_0123456789abcdefghij already exists.');
        });
        r.get('/test/limited', async () => {
          throw new AppError('E_RATE_LIMITED', 'Slow down.', { retryAfterMs: 2500 });
        });
        r.get('/test/items/:id', async (req) => ({ id: (req.params as { id: string }).id }));
      },
    ],
  });
  await app.ready();
  return { app, logs: logs.lines };
}

describe('health routes', () => {
  it('answers live with pass', async () => {
    const { app } = await build();
    const res = await app.inject('/health/live');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'pass' });
  });

  it('answers ready with every check when all pass', async () => {
    const { app } = await build();
    const res = await app.inject('/health/ready');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'pass', checks: [{ name: 'database', status: 'pass' }] });
  });

  it('answers ready with 503 and the reason when a check fails', async () => {
    const { app } = await build({ checks: [{ name: 'database', check: async () => Promise.reject(new Error('connection refused')) }] });
    const res = await app.inject('/health/ready');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'fail', checks: [{ name: 'database', status: 'fail', error: 'connection refused' }] });
  });
});

describe('problem+json', () => {
  it('answers an unknown route with 404 E_NOT_FOUND', async () => {
    const { app } = await build();
    const res = await app.inject('/nope');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'E_NOT_FOUND', type: 'urn:code-engine:error:E_NOT_FOUND', instance: '/nope' });
  });

  it('names every invalid field of a body', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'POST', url: '/test/echo', payload: { name: 'x', count: 1.5 } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('E_VALIDATION');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.count', 'body.name']);
  });

  it('rejects malformed JSON with E_VALIDATION', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('E_VALIDATION');
  });

  it('rejects an unsupported content type with 415', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/test/echo',
      payload: 'a=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('E_UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects a body over the limit with 413', async () => {
    const { app } = await build({ overrides: { 'server.bodyLimitBytes': '2048' } });
    const res = await app.inject({ method: 'POST', url: '/test/echo', payload: { name: 'x'.repeat(5000), count: 1 } });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('E_PAYLOAD_TOO_LARGE');
  });

  it('hides internal errors behind a request id and logs the stack', async () => {
    const { app, logs } = await build();
    const res = await app.inject({ url: '/test/boom', headers: { 'x-request-id': 'req-123' } });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toMatchObject({ code: 'E_INTERNAL', requestId: 'req-123' });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('at ');
    const logged = logs.find((l) => l.includes('request failed'));
    expect(logged).toContain('stack');
  });

  it('redacts secrets in client error messages', async () => {
    const { app } = await build();
    const res = await app.inject('/test/conflict');
    expect(res.statusCode).toBe(409);
    expect(res.body).not.toContain('0123456789abcdefghij');
  });

  it('sends Retry-After for rate-limited answers', async () => {
    const { app } = await build();
    const res = await app.inject('/test/limited');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.json().retryAfterSeconds).toBe(3);
  });
});

describe('request ids', () => {
  it('echoes a well-formed incoming X-Request-Id', async () => {
    const { app } = await build();
    const res = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('replaces a malformed X-Request-Id with a fresh one', async () => {
    const { app } = await build();
    const res = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'bad id\nwith newline' } });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('metrics', () => {
  it('exposes Prometheus text that parses, labelled by route template', async () => {
    const { app } = await build();
    await app.inject('/test/items/42');
    await app.inject('/test/items/43');
    await app.inject('/no/such/path');
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    // Prometheus parses numbers with Go's ParseFloat, which accepts NaN in any case (prom-client prints "Nan").
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)( [0-9]+)?$/i;
    for (const line of res.body.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(sample);
    expect(res.body).toContain('route="/test/items/:id"');
    expect(res.body).not.toContain('/test/items/42');
    expect(res.body).toContain('route="unmatched"');
    expect(res.body).toContain('process_cpu_user_seconds_total');
  });
});

describe('security headers and CORS', () => {
  it('sets helmet headers', async () => {
    const { app } = await build();
    const res = await app.inject('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  it('does not upgrade requests or pin HSTS when served over plain HTTP', async () => {
    const { app } = await build();
    for (const url of ['/health/live', '/docs/']) {
      const res = await app.inject(url);
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('sends no CORS headers by default', async () => {
    const { app } = await build();
    const res = await app.inject({ url: '/health/live', headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows only configured CORS origins', async () => {
    const { app } = await build({ overrides: { 'server.cors.origins': 'https://ui.example' } });
    const ok = await app.inject({ url: '/health/live', headers: { origin: 'https://ui.example' } });
    const bad = await app.inject({ url: '/health/live', headers: { origin: 'https://evil.example' } });
    expect(ok.headers['access-control-allow-origin']).toBe('https://ui.example');
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('OpenAPI', () => {
  it('publishes a 3.1 document with the health routes', async () => {
    const { app } = await build();
    const res = await app.inject('/openapi.json');
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
    expect(doc.paths['/metrics']).toBeUndefined();
  });

  it('serves the UI at /docs', async () => {
    const { app } = await build();
    const res = await app.inject('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });
});
