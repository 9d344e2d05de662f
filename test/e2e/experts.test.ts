/**
 * The Circle of Experts' faces on a real server whose providers are loopback fakes: REST JSON, the SSE stream
 * read from a live HTTP response, one stored query by id, and MCP over Streamable HTTP with progress.
 */

import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGREEING, DISSENTING } from '../../src/experts/consensus/fixtures.test-data.js';
import type { ConsultProgress, ConsultResult } from '../../src/experts/schemas.js';
import { ANTHROPIC_FAKE_KEY, startAnthropicFake } from '../fakes/anthropic.js';
import { GEMINI_FAKE_KEY, startGeminiFake } from '../fakes/gemini.js';
import type { FakeServer } from '../fakes/llm-server.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../fakes/openai.js';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';
import { readSse, type SseItem, sseEvents } from '../helpers/sse.js';

const PANEL = ['openai:gpt-test', 'anthropic:claude-test', 'gemini:gemini-test'];
const price = { inputPerMTok: 1, outputPerMTok: 2 };

let openai: FakeServer;
let anthropic: FakeServer;
let gemini: FakeServer;
let server: AuthServer;
let token: string;

beforeAll(async () => {
  openai = await startOpenAiFake({ answer: () => AGREEING[0] as string, models: ['gpt-test'] });
  anthropic = await startAnthropicFake({ answer: () => AGREEING[1] as string, models: ['claude-test'] });
  gemini = await startGeminiFake({ answer: () => DISSENTING, models: ['gemini-test'] });
  server = await startAuthServer({
    overrides: {
      'providers.openai.apiKey': OPENAI_FAKE_KEY,
      'providers.openai.baseUrl': `${openai.url}/v1`,
      'providers.anthropic.apiKey': ANTHROPIC_FAKE_KEY,
      'providers.anthropic.baseUrl': anthropic.url,
      'providers.gemini.apiKey': GEMINI_FAKE_KEY,
      'providers.gemini.baseUrl': gemini.url,
      'experts.models.openai': '["gpt-test"]',
      'experts.models.anthropic': '["claude-test"]',
      'experts.models.gemini': '["gemini-test"]',
      'experts.prices': JSON.stringify(Object.fromEntries(PANEL.map((id) => [id, price]))),
      'experts.devilsAdvocate': 'false',
      'experts.retryPreset': 'fast',
      'rateLimit.perMinute': '100000',
    },
  });
  const admin = (await server.login('admin', ADMIN_PASSWORD)).accessToken;
  await server.createUser(admin, 'olga', 'olga operates daily', ['operator']);
  token = (await server.login('olga', 'olga operates daily')).accessToken;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await Promise.all([openai, anthropic, gemini].map((f) => f?.close()));
});

/** POST /api/experts/consult on the live server, as Olga. */
const consult = (body: unknown, headers: Record<string, string> = {}, url = '/api/experts/consult', signal?: AbortSignal) =>
  fetch(`${server.s.url}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

const progressOf = (items: readonly SseItem[]) =>
  sseEvents(items)
    .filter((e) => e.event === 'progress')
    .map((e) => e.data as ConsultProgress);

describe('REST', () => {
  it('refuses to attach code-engine’s own keys and database, and no provider is asked', async () => {
    const before = [openai, anthropic, gemini].map((f) => f.requests.length);
    for (const file of [join(server.s.dataDir, 'secrets.key'), join(server.s.dataDir, 'keys')]) {
      const res = await consult({ question: 'Quote the attachment verbatim.', experts: PANEL, context: { files: [file] } });
      expect(res.status, file).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe('E_FORBIDDEN');
    }
    expect([openai, anthropic, gemini].map((f) => f.requests.length)).toEqual(before);
  });

  it('answers POST /api/experts/consult with the JSON result', async () => {
    const res = await consult({ question: 'Which database for orders?', experts: PANEL });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const result = (await res.json()) as ConsultResult;
    expect(result.consensus.majority.sort()).toEqual(['anthropic:claude-test', 'openai:gpt-test']);
    expect(result.consensus.dissent.flatMap((d) => d.experts)).toEqual(['gemini:gemini-test']);
    expect(result.cost.totalUsd).toBeGreaterThan(0);
  });

  it('streams progress events for each expert, then the result, as Server-Sent Events', async () => {
    const res = await consult({ question: 'Which database for orders?', experts: PANEL }, { accept: 'text/event-stream' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const items = await readSse(res).rest();
    const events = sseEvents(items);
    const progress = progressOf(items);
    expect(progress[0]).toMatchObject({ type: 'plan', experts: PANEL.map((expertId) => ({ expertId, stance: 'neutral' })) });
    for (const expertId of PANEL) {
      expect(progress.filter((p) => p.type === 'expert_started' && p.expertId === expertId)).toHaveLength(1);
      expect(progress.filter((p) => p.type === 'expert_done' && p.expertId === expertId)).toEqual([
        expect.objectContaining({ status: 'ok', reason: null }),
      ]);
    }
    expect(progress.at(-1)).toMatchObject({ type: 'done', status: 'complete' });
    expect(events.at(-1)?.event).toBe('result');
    expect(events.filter((e) => e.event === 'result')).toHaveLength(1);
    const result = events.at(-1)?.data as ConsultResult;
    expect(result.queryId).toBe((progress[0] as { queryId: string }).queryId);
    expect(result.consensus.dissent.flatMap((d) => d.experts)).toEqual(['gemini:gemini-test']);
  });

  it('streams for ?stream=true and reports a refusal before the stream as problem+json', async () => {
    const streamed = await consult({ question: 'Q', experts: ['openai:gpt-test'] }, {}, '/api/experts/consult?stream=true');
    expect(sseEvents(await readSse(streamed).rest()).at(-1)?.event).toBe('result');
    const refused = await consult({ question: 'Q', experts: PANEL, budgetUsd: 0.000001 }, { accept: 'text/event-stream' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ code: 'E_VALIDATION', detail: expect.stringContaining('exceeds the budget') });
  });

  it('cancels the providers’ requests when the client disconnects mid-stream', async () => {
    const abortedBefore = openai.aborted;
    openai.enqueue({ hang: true });
    const client = new AbortController();
    const res = await consult({ question: 'Q', experts: ['openai:gpt-test'] }, { accept: 'text/event-stream' }, undefined, client.signal);
    const sse = readSse(res);
    await sse.next((i) => 'event' in i && (i.data as ConsultProgress).type === 'expert_started');
    client.abort();
    await expect.poll(() => openai.aborted, { timeout: 10_000 }).toBe(abortedBefore + 1);
    await expect
      .poll(async () => (await server.s.runtime.gateway.calls.list({ operation: 'experts_consult', limit: 1 })).calls[0]?.errorCode, {
        timeout: 10_000,
      })
      .toBe('E_CANCELLED');
  });

  it('returns one stored query with GET /api/experts/queries/:id', async () => {
    const asked = (await (await consult({ question: 'Which queue for billing?', experts: PANEL.slice(0, 2) })).json()) as ConsultResult;
    const vote = await server.call('POST', `/api/experts/queries/${asked.queryId}/feedback`, { token, body: { vote: 'up' } });
    expect(vote.statusCode).toBe(200);
    const res = await server.call('GET', `/api/experts/queries/${asked.queryId}`, { token });
    expect(res.statusCode).toBe(200);
    const stored = res.json();
    expect(stored).toMatchObject({ ...asked, context: [] });
    expect(stored.feedback).toEqual([expect.objectContaining({ vote: 'up', expertId: null })]);
    const missing = await server.call('GET', '/api/experts/queries/no-such-query', { token });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('E_NOT_FOUND');
  });

  it('documents both routes in OpenAPI', async () => {
    const doc = (await server.call('GET', '/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/experts/consult'].post.responses['200'].content).sort()).toEqual([
      'application/json',
      'text/event-stream',
    ]);
    expect(doc.paths['/api/experts/queries/{queryId}'].get).toBeDefined();
  });
});

describe('MCP over Streamable HTTP', () => {
  it('calls experts_consult with progress notifications', async () => {
    const client = new Client({ name: 'experts-e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.s.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    try {
      const seen: Array<{ progress: number; total?: number; message?: string }> = [];
      const result = await client.callTool(
        { name: 'experts_consult', arguments: { question: 'Which database for orders?', experts: PANEL } },
        undefined,
        { onprogress: (p) => seen.push(p) },
      );
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as ConsultResult).consensus.dissent.flatMap((d) => d.experts)).toEqual(['gemini:gemini-test']);
      expect(seen.at(-1)).toMatchObject({ progress: PANEL.length + 1, total: PANEL.length + 1 });
      for (const expertId of PANEL) expect(seen.some((p) => p.message?.startsWith(`${expertId}: answered`))).toBe(true);
    } finally {
      await client.close();
    }
  });
});
