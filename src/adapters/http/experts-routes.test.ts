import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { parseSse, readSse, sseEvents } from '../../../test/helpers/sse.js';
import { decide } from '../../auth/decide.js';
import { createRoleBook } from '../../auth/role-book.js';
import { loadConfig } from '../../core/config/load.js';
import { systemIds } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { defineOperation, type ToolServer } from '../../gateway/operation.js';
import { createMetricsRegistry } from '../../monitoring/metrics.js';
import { consultProgressReporter } from '../../tools/experts/consult-progress.js';
import { buildApp } from './app.js';
import { authenticationPlugin } from './authenticate.js';
import { expertsRoutes } from './experts-routes.js';
import { gatewayRoutes } from './gateway-routes.js';

let kit: TestGateway | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  // fetch may hold a spare keep-alive connection that never carries a request; close() would wait for it.
  const closing = app?.close();
  app?.server.closeAllConnections();
  await closing;
  app = undefined;
  await kit?.cleanup();
  kit = undefined;
});

/** What the stub consult saw: the reasons its signal was aborted with, and how to let a held consult finish. */
const stub = { cancelled: [] as unknown[], release: () => {} };

/**
 * A stand-in for experts_consult with the same name, route and progress events: two experts, then an answer,
 * a failure after the first event, or a wait until released or cancelled.
 */
const consultStub = defineOperation({
  name: 'experts_consult',
  title: 'Consult',
  description: 'Stub consult.',
  input: z.strictObject({ question: z.string().min(1), ending: z.enum(['answer', 'fail', 'hold']).default('answer') }),
  output: z.object({ answer: z.string() }),
  permission: 'experts:consult',
  effects: 'external',
  http: { method: 'POST', path: '/api/experts/consult' },
  run: async (input, ctx) => {
    const report = consultProgressReporter(ctx.progress);
    const experts = [
      { expertId: 'openai:a', stance: 'neutral' as const },
      { expertId: 'anthropic:b', stance: 'against' as const },
    ];
    report({ type: 'plan', queryId: 'q-1', experts, estimateUsd: 0.01 });
    for (const e of experts) report({ type: 'expert_started', expertId: e.expertId, attempt: 1 });
    if (input.ending === 'fail') throw new AppError('E_UPSTREAM', 'Every provider failed.');
    if (input.ending === 'hold') {
      await new Promise<void>((resolve, reject) => {
        stub.release = resolve;
        ctx.signal.addEventListener('abort', () => {
          stub.cancelled.push(ctx.signal.reason);
          reject(ctx.signal.reason);
        });
      });
    }
    for (const e of experts) report({ type: 'expert_done', expertId: e.expertId, status: 'ok', latencyMs: 3, reason: null });
    report({ type: 'done', queryId: 'q-1', status: 'complete' });
    return { answer: `Answer to ${input.question}` };
  },
});

const experts: ToolServer = { name: 'experts', title: 'Experts', description: 'Stub.', operations: [consultStub] };

/** The app with bearer tokens that name a role (`Bearer operator`), the gateway routes and the SSE route. */
async function build(options: { servers?: ToolServer[]; heartbeatMs?: number } = {}): Promise<FastifyInstance> {
  stub.cancelled = [];
  stub.release = () => {};
  kit = await createTestGateway({ servers: options.servers ?? [experts] });
  const book = createRoleBook([]);
  const { config } = loadConfig({ overrides: {} });
  const gateway = kit.gateway;
  app = await buildApp({
    config,
    log: createLogger({ level: 'silent', format: 'json' }),
    ids: systemIds,
    metrics: createMetricsRegistry({ defaultMetrics: false, prefix: '' }),
    healthChecks: [],
    version: '0.0.0',
    routes: [
      authenticationPlugin({
        authenticate: async (c) => principal(c.type === 'bearer' ? c.token : 'none'),
        authorize: async (p, permission, resource) => decide(book, p, permission, resource, { mfaRequiredForAdmins: false }),
      }),
      gatewayRoutes(gateway),
      expertsRoutes(gateway, options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ],
  });
  await app.ready();
  return app;
}

const as = (role: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${role}`, ...extra });
const SSE = { accept: 'text/event-stream' };

describe('POST /api/experts/consult', () => {
  it('answers JSON when no stream is asked for', async () => {
    const app = await build();
    const res = await app.inject({ method: 'POST', url: '/api/experts/consult', headers: as('operator'), payload: { question: 'Q' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ answer: 'Answer to Q' });
  });

  it('streams progress per expert, then the result, for Accept: text/event-stream', async () => {
    const app = await build();
    const res = await app.inject({ method: 'POST', url: '/api/experts/consult', headers: as('operator', SSE), payload: { question: 'Q' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['cache-control']).toContain('no-cache');
    const events = sseEvents(parseSse(res.body));
    expect(events.map((e) => e.event)).toEqual(['progress', 'progress', 'progress', 'progress', 'progress', 'progress', 'result']);
    expect(
      events.filter((e) => (e.data as { type: string }).type === 'expert_done').map((e) => (e.data as { expertId: string }).expertId),
    ).toEqual(['openai:a', 'anthropic:b']);
    expect(events.at(-1)?.data).toEqual({ answer: 'Answer to Q' });
  });

  it('streams for ?stream=true and answers JSON for ?stream=false', async () => {
    const app = await build();
    const streamed = await app.inject({
      method: 'POST',
      url: '/api/experts/consult?stream=true',
      headers: as('operator'),
      payload: { question: 'Q' },
    });
    expect(sseEvents(parseSse(streamed.body)).at(-1)).toEqual({ event: 'result', data: { answer: 'Answer to Q' } });
    const plain = await app.inject({
      method: 'POST',
      url: '/api/experts/consult?stream=false',
      headers: as('operator'),
      payload: { question: 'Q' },
    });
    expect(plain.json()).toEqual({ answer: 'Answer to Q' });
  });

  it('answers problem+json with its status when the call fails before the first event', async () => {
    const app = await build();
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/experts/consult',
      headers: as('viewer', SSE),
      payload: { question: 'Q' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(forbidden.json()).toMatchObject({ code: 'E_FORBIDDEN', detail: expect.stringContaining('experts:consult') });
    const invalid = await app.inject({
      method: 'POST',
      url: '/api/experts/consult',
      headers: as('operator', SSE),
      payload: { question: '' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('E_VALIDATION');
  });

  it('requires authentication', async () => {
    const app = await build();
    const res = await app.inject({ method: 'POST', url: '/api/experts/consult', headers: SSE, payload: { question: 'Q' } });
    expect(res.statusCode).toBe(401);
  });

  it('ends with an error event carrying the problem when the call fails mid-stream', async () => {
    const app = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/experts/consult',
      headers: as('operator', SSE),
      payload: { question: 'Q', ending: 'fail' },
    });
    expect(res.statusCode).toBe(200);
    const events = sseEvents(parseSse(res.body));
    expect(events[0]?.event).toBe('progress');
    expect(events.at(-1)).toEqual({
      event: 'error',
      data: expect.objectContaining({
        code: 'E_UPSTREAM',
        status: 502,
        detail: 'Every provider failed.',
        instance: '/api/experts/consult',
      }),
    });
    expect(events.filter((e) => e.event === 'result')).toEqual([]);
  });

  it('audits the streamed call like any other', async () => {
    const app = await build();
    await app.inject({
      method: 'POST',
      url: '/api/experts/consult',
      headers: as('operator', SSE),
      payload: { question: 'Q', ending: 'fail' },
    });
    const { items } = await (kit as TestGateway).audit.query({ action: 'operation.call', principal: 'operator-user', limit: 10 });
    expect(items.map((i) => i.outcome)).toEqual(['error']);
  });

  it('leaves other routes alone when a client asks them for an event stream', async () => {
    const app = await build();
    const res = await app.inject({ method: 'GET', url: '/api/mcp/servers?stream=true', headers: as('operator', SSE) });
    expect(res.statusCode).toBe(200);
    expect(res.json().servers[0]).toMatchObject({ name: 'experts' });
  });

  it('is not registered without experts_consult', async () => {
    const app = await build({ servers: [] });
    const res = await app.inject({ method: 'POST', url: '/api/experts/consult', headers: as('operator', SSE), payload: { question: 'Q' } });
    expect(res.statusCode).toBe(404);
  });

  it('documents the JSON and the event-stream answers in OpenAPI', async () => {
    const app = await build();
    const doc = (await app.inject('/openapi.json')).json();
    const entry = doc.paths['/api/experts/consult'].post;
    expect(Object.keys(entry.responses['200'].content).sort()).toEqual(['application/json', 'text/event-stream']);
    expect(entry.requestBody.content['application/json'].schema.properties).toHaveProperty('question');
    expect(entry.description).toContain('event: progress');
  });
});

describe('POST /api/experts/consult over a live connection', () => {
  const post = (url: string, body: unknown, signal?: AbortSignal) =>
    fetch(`${url}/api/experts/consult`, {
      method: 'POST',
      headers: { ...as('operator', SSE), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });

  it('sends heartbeats while the consult is quiet', async () => {
    const app = await build({ heartbeatMs: 5 });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const sse = readSse(await post(url, { question: 'Q', ending: 'hold' }));
    // After the experts were asked, the consult is held: what arrives now are heartbeats.
    await sse.next((i) => 'event' in i && (i.data as { type?: string }).type === 'expert_started');
    expect(await sse.next((i) => 'comment' in i)).toEqual({ comment: 'heartbeat' });
    stub.release();
    const items = await sse.rest();
    expect(sseEvents(items).at(-1)).toEqual({ event: 'result', data: { answer: 'Answer to Q' } });
  });

  it('cancels the consult when the client goes away', async () => {
    const app = await build();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const client = new AbortController();
    const sse = readSse(await post(url, { question: 'Q', ending: 'hold' }, client.signal));
    await sse.next((i) => 'event' in i && (i.data as { type?: string }).type === 'expert_started');
    const cancelled = new Promise<unknown>((resolve) => {
      const poll = setInterval(() => {
        if (stub.cancelled.length > 0) {
          clearInterval(poll);
          resolve(stub.cancelled[0]);
        }
      }, 5);
    });
    client.abort();
    expect(await cancelled).toMatchObject({ code: 'E_CANCELLED' });
  });
});
