import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_FAKE_KEY, startAnthropicFake } from '../../../test/fakes/anthropic.js';
import { GEMINI_FAKE_KEY, startGeminiFake } from '../../../test/fakes/gemini.js';
import type { FakeServer } from '../../../test/fakes/llm-server.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../../../test/fakes/openai.js';
import { OPENROUTER_FAKE_KEY, startOpenRouterFake } from '../../../test/fakes/openrouter.js';
import { startExpertsService, type TestExperts } from '../../../test/helpers/experts.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { buildMcpSession } from '../../adapters/mcp/server.js';
import { decide } from '../../auth/decide.js';
import { createRoleBook } from '../../auth/role-book.js';
import { systemIds } from '../../core/deps.js';
import { isAppError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { AGREEING, DISSENTING } from '../../experts/consensus/fixtures.test-data.js';
import type { ConsultResult, ExpertsList, FeedbackResult, QueryDetail } from '../../experts/schemas.js';
import type { ProgressUpdate } from '../../gateway/operation.js';
import { consultEventOf, expertsToolServer } from './index.js';

const fakes: Record<string, FakeServer> = {};
let experts: TestExperts;
let t: TestGateway;

const PANEL = ['openai:gpt-test', 'anthropic:claude-test', 'openrouter:router-test', 'gemini:gemini-test'];
const price = { inputPerMTok: 1, outputPerMTok: 2 };

beforeAll(async () => {
  fakes.openai = await startOpenAiFake({ answer: () => AGREEING[0] as string, models: ['gpt-test'] });
  fakes.anthropic = await startAnthropicFake({ answer: () => AGREEING[1] as string, models: ['claude-test'] });
  fakes.openrouter = await startOpenRouterFake({ answer: () => AGREEING[2] as string });
  fakes.gemini = await startGeminiFake({ answer: () => DISSENTING, models: ['gemini-test'] });
  const url = (name: string) => fakes[name]?.url as string;
  experts = await startExpertsService({
    providers: {
      openai: { apiKey: OPENAI_FAKE_KEY, baseUrl: `${url('openai')}/v1` },
      anthropic: { apiKey: ANTHROPIC_FAKE_KEY, baseUrl: url('anthropic') },
      openrouter: { apiKey: OPENROUTER_FAKE_KEY, baseUrl: `${url('openrouter')}/api/v1` },
      gemini: { apiKey: GEMINI_FAKE_KEY, baseUrl: url('gemini') },
    },
    settings: {
      models: {
        openai: ['gpt-test'],
        anthropic: ['claude-test'],
        openrouter: ['router-test'],
        gemini: ['gemini-test'],
        ollama: [],
        huggingface: [],
      },
      prices: Object.fromEntries(PANEL.map((id) => [id, price])),
      maxExperts: 4,
    },
  });
  const book = createRoleBook([]);
  const authorizer = {
    authorize: (p: Parameters<typeof decide>[1], permission: string) =>
      decide(book, p, permission, undefined, { mfaRequiredForAdmins: false }),
  };
  t = await createTestGateway({ servers: [expertsToolServer({ experts: experts.service, deadlineMs: 30_000, authorizer })] });
});
afterAll(async () => {
  await t?.cleanup();
  await experts?.cleanup();
  await Promise.all(Object.values(fakes).map((f) => f.close()));
});

const operator = principal('operator');

async function call<T>(
  name: string,
  args: unknown,
  options: { role?: string; id?: string; onProgress?: (u: ProgressUpdate) => void } = {},
) {
  const who = options.role || options.id ? principal(options.role ?? 'operator', options.id) : operator;
  const result = await t.gateway.call(name, args, {
    face: 'mcp-http',
    principal: who,
    requestId: systemIds.uuid(),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return result.output as T;
}

/** The error code a call fails with. */
async function failure(name: string, args: unknown, role = 'operator'): Promise<{ code: string; message: string }> {
  try {
    await call(name, args, { role });
  } catch (e) {
    if (isAppError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error(`${name} succeeded`);
}

const requestsSoFar = () => Object.values(fakes).reduce((n, f) => n + f.requests.length, 0);

describe('experts_consult through the gateway', () => {
  it('returns the consensus with the dissenter, a confidence and the cost', async () => {
    const r = await call<ConsultResult>('experts_consult', { question: 'Which database for orders?', experts: PANEL });
    expect(r.status).toBe('complete');
    expect(r.consensus.majority.sort()).toEqual(['anthropic:claude-test', 'openai:gpt-test', 'openrouter:router-test']);
    expect(r.consensus.dissent.flatMap((d) => d.experts)).toEqual(['gemini:gemini-test']);
    expect(r.consensus.answer).toMatch(/PostgreSQL/);
    expect(r.consensus.confidence).toBeGreaterThan(0);
    expect(r.consensus.confidence).toBeLessThanOrEqual(1);
    const costs = r.responses.map((x) => x.costUsd as number);
    expect(costs.every((c) => c > 0)).toBe(true);
    expect(r.cost.totalUsd).toBeCloseTo(
      costs.reduce((a, b) => a + b, 0),
      10,
    );
    expect(r.cost.unknownExperts).toEqual([]);
  });

  it('reports per-expert progress to the caller, growing to the total', async () => {
    const updates: ProgressUpdate[] = [];
    await call('experts_consult', { question: 'Which database?', experts: PANEL }, { onProgress: (u) => updates.push(u) });
    const progress = updates.map((u) => u.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBe(progress.length);
    expect(updates.at(-1)).toMatchObject({ progress: PANEL.length + 1, total: PANEL.length + 1 });
    const done = updates.map(consultEventOf).filter((e) => e?.type === 'expert_done');
    expect(done.map((e) => e?.expertId).sort()).toEqual([...PANEL].sort());
    expect(updates.every((u) => typeof u.message === 'string' && u.message.length > 0)).toBe(true);
  });

  it('sends progress notifications to an MCP client that asks for them', async () => {
    const session = await buildMcpSession({
      gateway: t.gateway,
      principal: operator,
      face: 'mcp-stdio',
      version: '0.0.0',
      ids: systemIds,
      log: createLogger({ level: 'silent', format: 'json' }),
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: 'experts-test', version: '1.0.0' });
    await session.server.connect(serverSide);
    await client.connect(clientSide);
    try {
      const seen: Array<{ progress: number; total?: number; message?: string }> = [];
      const result = await client.callTool(
        { name: 'experts_consult', arguments: { question: 'Which database?', experts: PANEL.slice(0, 2) } },
        undefined,
        { onprogress: (p) => seen.push(p) },
      );
      expect(result.isError).toBeFalsy();
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen.at(-1)).toMatchObject({ progress: 3, total: 3 });
      expect(seen.some((p) => p.message?.startsWith('openai:gpt-test: answered'))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('refuses a role without experts:consult with E_FORBIDDEN, before any provider is asked', async () => {
    const before = requestsSoFar();
    const refused = await failure('experts_consult', { question: 'Q', experts: PANEL }, 'viewer');
    expect(refused.code).toBe('E_FORBIDDEN');
    expect(refused.message).toContain('experts:consult');
    expect(requestsSoFar()).toBe(before);
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await failure('experts_consult', { question: '' })).code).toBe('E_VALIDATION');
    expect((await failure('experts_consult', { question: 'Q', experts: ['nobody'] })).code).toBe('E_VALIDATION');
    expect((await failure('experts_consult', { question: 'Q', deadlineMs: 60_000 })).message).toContain('at most 30000');
  });

  it('refuses a consult whose worst case exceeds the budget, without asking anyone', async () => {
    const before = requestsSoFar();
    const refused = await failure('experts_consult', { question: 'Q', experts: PANEL, budgetUsd: 0.000001 });
    expect(refused.code).toBe('E_VALIDATION');
    expect(refused.message).toMatch(/exceeds the budget of \$0\.000001/);
    expect(requestsSoFar()).toBe(before);
  });
});

describe('experts_get_query', () => {
  it('returns a stored consult with its responses, consensus, costs and votes', async () => {
    const asked = await call<ConsultResult>('experts_consult', { question: 'Which queue?', experts: PANEL.slice(0, 2) });
    const stored = await call<QueryDetail>('experts_get_query', { queryId: asked.queryId });
    expect(stored).toEqual({ ...asked, context: [], feedback: [] });
    await call('experts_feedback', { queryId: asked.queryId, vote: 'down', expertId: 'openai:gpt-test', comment: 'too vague' });
    const voted = await call<QueryDetail>('experts_get_query', { queryId: asked.queryId });
    expect(voted.feedback).toEqual([
      { feedbackId: expect.any(String), ts: expect.any(String), expertId: 'openai:gpt-test', vote: 'down', comment: 'too vague' },
    ]);
  });

  it('answers E_NOT_FOUND for unknown ids and for other users’ consults', async () => {
    const asked = await call<ConsultResult>('experts_consult', { question: 'Mine', experts: PANEL.slice(0, 1) });
    expect((await failure('experts_get_query', { queryId: 'no-such-consult' })).code).toBe('E_NOT_FOUND');
    await expect(call('experts_get_query', { queryId: asked.queryId }, { role: 'operator', id: 'someone-else' })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });

  it('is readable with experts:read alone', async () => {
    const asked = await call<ConsultResult>('experts_consult', { question: 'Readable', experts: PANEL.slice(0, 1) }, { id: 'reader' });
    const viewer = await call<QueryDetail>('experts_get_query', { queryId: asked.queryId }, { role: 'viewer', id: 'reader' });
    expect(viewer.queryId).toBe(asked.queryId);
  });
});

describe('experts_feedback and experts_list', () => {
  const weightOf = (list: ExpertsList, expertId: string) => list.experts.find((e) => e.expertId === expertId)?.weights.review?.weight;

  it('moves the weight experts_list shows for the query type', async () => {
    const asked = await call<ConsultResult>('experts_consult', {
      question: 'Review this diff',
      type: 'review',
      experts: PANEL.slice(0, 2),
    });
    const before = weightOf(await call<ExpertsList>('experts_list', { type: 'review' }), 'anthropic:claude-test') as number;
    const voted = await call<FeedbackResult>('experts_feedback', { queryId: asked.queryId, vote: 'up', expertId: 'anthropic:claude-test' });
    const after = weightOf(await call<ExpertsList>('experts_list', { type: 'review' }), 'anthropic:claude-test') as number;
    expect(after).toBeGreaterThan(before);
    expect(voted.weights).toEqual([{ expertId: 'anthropic:claude-test', queryType: 'review', weight: after }]);
  });
});
