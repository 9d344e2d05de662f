import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../auth/rate-limit/rate-limiter.js';
import { loadConfig } from '../../core/config/load.js';
import { systemIds } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../monitoring/metrics.js';
import { buildApp } from './app.js';
import { globToRegExp } from './rate-limit.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    monotonic: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

async function build(overrides: Record<string, string> = {}, clock = manualClock()) {
  const { config } = loadConfig({ overrides: { 'rateLimit.perMinute': '60', 'rateLimit.burst': '2', ...overrides } });
  const limiter = createRateLimiter({ policy: { perMinute: config.rateLimit.perMinute, burst: config.rateLimit.burst }, clock });
  app = await buildApp({
    config,
    log: createLogger({ level: 'silent', format: 'json' }),
    ids: systemIds,
    metrics: createMetricsRegistry({ defaultMetrics: false, prefix: '' }),
    healthChecks: [],
    version: '0.0.0',
    rateLimiter: limiter,
    routes: [
      (a) => {
        // Stands in for the authenticate hook: a header names the principal.
        a.addHook('onRequest', async (request) => {
          const who = request.headers['x-test-user'];
          if (typeof who === 'string') Object.assign(request, { principal: { id: who, type: 'user', name: who, roles: [] } });
        });
        a.get('/api/thing', async (request) => ({ ok: true, remaining: request.rateLimit?.remaining }));
        a.post('/api/auth/login', async () => ({ ok: true }));
        a.get('/api/items/:id', async () => ({ ok: true }));
      },
    ],
  });
  await app.ready();
  return { app, clock };
}

describe('rate-limit hook', () => {
  it('sets RateLimit headers on allowed responses', async () => {
    const { app } = await build();
    const res = await app.inject('/api/thing');
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-reset': '1',
      'ratelimit-policy': '60;w=60;burst=2',
    });
  });

  it('exposes the decision on the request for faces that call the gateway', async () => {
    const { app } = await build();
    expect((await app.inject('/api/thing')).json()).toEqual({ ok: true, remaining: 1 });
  });

  it('answers 429 problem+json with Retry-After once the bucket is empty', async () => {
    const { app } = await build();
    await app.inject('/api/thing');
    await app.inject('/api/thing');
    const res = await app.inject('/api/thing');
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['ratelimit-remaining']).toBe('0');
    expect(res.json()).toMatchObject({ code: 'E_RATE_LIMITED', status: 429, retryAfterSeconds: 1 });
  });

  it('allows again after the injected clock refills a token', async () => {
    const { app, clock } = await build();
    await app.inject('/api/thing');
    await app.inject('/api/thing');
    clock.advance(1000);
    expect((await app.inject('/api/thing')).statusCode).toBe(200);
  });

  it('never limits exempt routes', async () => {
    const { app } = await build({ 'rateLimit.burst': '1' });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject('/health/live')).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200]);
    expect((await app.inject('/health/live')).headers['ratelimit-limit']).toBeUndefined();
  });

  it('gives each principal its own bucket', async () => {
    const { app } = await build({ 'rateLimit.burst': '1' });
    expect((await app.inject({ url: '/api/thing', headers: { 'x-test-user': 'alice' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/thing', headers: { 'x-test-user': 'bob' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/thing', headers: { 'x-test-user': 'alice' } })).statusCode).toBe(429);
  });

  it('limits anonymous callers by client IP', async () => {
    const { app } = await build({ 'rateLimit.burst': '1' });
    expect((await app.inject({ url: '/api/thing', remoteAddress: '10.0.0.1' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/thing', remoteAddress: '10.0.0.2' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/thing', remoteAddress: '10.0.0.1' })).statusCode).toBe(429);
  });

  it('applies a per-route override with its own bucket', async () => {
    const { app } = await build({ 'rateLimit.routes': JSON.stringify([{ path: '/api/auth/login', method: 'post', perMinute: 1 }]) });
    expect((await app.inject({ method: 'POST', url: '/api/auth/login' })).statusCode).toBe(200);
    const second = await app.inject({ method: 'POST', url: '/api/auth/login' });
    expect(second.statusCode).toBe(429);
    expect(second.headers['ratelimit-policy']).toBe('1;w=60;burst=1');
    expect((await app.inject('/api/thing')).statusCode).toBe(200);
  });

  it('matches an override against the route template', async () => {
    const { app } = await build({ 'rateLimit.routes': JSON.stringify([{ path: '/api/items/:id', perMinute: 1 }]) });
    expect((await app.inject('/api/items/1')).statusCode).toBe(200);
    expect((await app.inject('/api/items/2')).statusCode).toBe(429);
  });

  it('does not exempt a route whose template is not exempt', async () => {
    const { app } = await build({ 'rateLimit.burst': '1', 'rateLimit.exemptRoutes': JSON.stringify(['/api/items/1']) });
    await app.inject('/api/items/1');
    expect((await app.inject('/api/items/1')).statusCode).toBe(429);
  });

  it('limits unknown routes too, so scanners spend their budget', async () => {
    const { app } = await build({ 'rateLimit.burst': '1' });
    await app.inject('/nope');
    expect((await app.inject('/nope')).statusCode).toBe(429);
  });

  it('is off when rateLimit.enabled is false', async () => {
    const { app } = await build({ 'rateLimit.enabled': 'false', 'rateLimit.burst': '1' });
    await app.inject('/api/thing');
    expect((await app.inject('/api/thing')).statusCode).toBe(200);
  });
});

describe('globToRegExp', () => {
  it('matches across slashes with *', () => {
    expect(globToRegExp('/docs*').test('/docs/static/index.html')).toBe(true);
  });

  it('treats regex characters literally', () => {
    expect(globToRegExp('/openapi.json').test('/openapiXjson')).toBe(false);
  });
});
