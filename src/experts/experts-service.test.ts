import { afterEach, describe, expect, it } from 'vitest';
import { startExpertsService, type TestExperts } from '../../test/helpers/experts.js';
import { hasCode } from '../core/errors.js';
import { AGREEING, DISSENTING } from './consensus/fixtures.test-data.js';
import { createScriptedProvider } from './providers/scripted.js';

const MODELS = { anthropic: ['a1'], openai: ['o1'], gemini: ['g1'], ollama: [], openrouter: [], huggingface: [] };

let kit: TestExperts | undefined;
afterEach(async () => {
  await kit?.cleanup();
  kit = undefined;
});

async function start(options: Parameters<typeof startExpertsService>[0] = {}) {
  kit = await startExpertsService({
    providerOverrides: {
      anthropic: createScriptedProvider('anthropic', () => AGREEING[0] as string),
      openai: createScriptedProvider('openai', () => AGREEING[1] as string),
      gemini: createScriptedProvider('gemini', () => DISSENTING),
    },
    ...options,
    settings: { models: MODELS, ...options.settings },
  });
  return kit.service;
}

describe('experts service', () => {
  it('raises an expert’s weight for the query type after an up vote on its answer', async () => {
    const service = await start();
    const result = await service.consult({ question: 'Q', type: 'review', experts: ['anthropic:a1'] });
    const before = (await service.list({ type: 'review' })).experts.find((e) => e.expertId === 'anthropic:a1')?.weights.review?.weight;
    const feedback = await service.feedback({ queryId: result.queryId, expertId: 'anthropic:a1', vote: 'up' });
    expect(feedback.weights[0]?.weight).toBeGreaterThan(before ?? 1);
  });

  it('lowers the majority’s weights after a down vote on the consensus', async () => {
    const service = await start();
    const result = await service.consult({ question: 'Q', type: 'debug' });
    const feedback = await service.feedback({ queryId: result.queryId, vote: 'down' });
    expect(feedback.weights.map((w) => w.expertId).sort()).toEqual(['anthropic:a1', 'openai:o1']);
    expect(feedback.weights.every((w) => w.weight < 0.5)).toBe(true);
  });

  it('moves weights with agreement history: the majority up, the dissenter down', async () => {
    const service = await start();
    await service.consult({ question: 'Q', type: 'architecture' });
    const { experts } = await service.list({ type: 'architecture' });
    const weight = (id: string) => experts.find((e) => e.expertId === id)?.weights.architecture?.weight ?? 0;
    expect(weight('anthropic:a1')).toBeGreaterThan(0.5);
    expect(weight('gemini:g1')).toBeLessThan(0.5);
  });

  it('refuses feedback on an expert that did not answer', async () => {
    const service = await start();
    const result = await service.consult({ question: 'Q', experts: ['anthropic:a1'] });
    const error = await service.feedback({ queryId: result.queryId, expertId: 'gemini:g1', vote: 'up' }).catch((e) => e);
    expect(hasCode(error, 'E_VALIDATION')).toBe(true);
  });

  it('lists configured experts with availability, price and breaker state', async () => {
    const service = await start({ settings: { models: { ...MODELS, huggingface: ['hf-model'] } } });
    const { experts } = await service.list();
    expect(experts.find((e) => e.expertId === 'huggingface:hf-model')).toMatchObject({ available: false, price: null, breaker: 'closed' });
    expect(experts.find((e) => e.expertId === 'anthropic:a1')).toMatchObject({ available: true });
  });

  it('finds consults by text and hides other users’ consults', async () => {
    const service = await start();
    await service.consult({ question: 'Which queue for billing events?', experts: ['anthropic:a1'] }, { userId: 'alice' });
    await service.consult({ question: 'How to shard users?', experts: ['anthropic:a1'] }, { userId: 'bob' });
    expect((await service.history({ text: 'QUEUE' })).items.map((i) => i.question)).toEqual(['Which queue for billing events?']);
    expect((await service.history({ text: 'queue' }, { userId: 'bob' })).total).toBe(0);
  });

  it('treats LIKE wildcards in the search text literally', async () => {
    const service = await start();
    await service.consult({ question: 'plain question', experts: ['anthropic:a1'] });
    expect((await service.history({ text: '%' })).total).toBe(0);
  });

  it('exports consults as NDJSON, one per line', async () => {
    const service = await start();
    await service.consult({ question: 'Q1', experts: ['anthropic:a1'] });
    await service.consult({ question: 'Q2', experts: ['anthropic:a1'] });
    const out = await service.exportHistory({ format: 'ndjson' });
    expect(
      out.content
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).question),
    ).toEqual(['Q2', 'Q1']);
  });

  it('exports Markdown with the consensus and every answer', async () => {
    const service = await start();
    await service.consult({ question: 'Which database?', experts: ['anthropic:a1', 'gemini:g1'] });
    const out = await service.exportHistory({ format: 'markdown' });
    expect(out.content).toContain('### Consensus');
    expect(out.content).toContain('#### gemini:g1');
  });

  it('refuses to store a provider key without the secrets-at-rest key', async () => {
    const service = await start();
    const error = await service.setProviderKey({ provider: 'openai', apiKey: 'sk-x' }).catch((e) => e);
    expect(hasCode(error, 'E_UNSUPPORTED')).toBe(true);
  });

  it('stores a provider key sealed and makes the provider available', async () => {
    const sealed: string[] = [];
    const service = await start({
      providerOverrides: {},
      secrets: {
        seal: (p, context) => {
          sealed.push(`${context}=${p}`);
          return `sealed:${Buffer.from(p).toString('base64')}`;
        },
        openString: (s) => Buffer.from(s.slice(7), 'base64').toString(),
      },
    });
    expect((await service.list()).experts.find((e) => e.expertId === 'openai:o1')?.available).toBe(false);
    await service.setProviderKey({ provider: 'openai', apiKey: 'sk-stored' });
    expect(sealed).toEqual(['provider:openai:apiKey=sk-stored']);
    expect((await service.list()).experts.find((e) => e.expertId === 'openai:o1')?.available).toBe(true);
  });

  it('reports health per provider with the probe result', async () => {
    const service = await start();
    const { providers } = await service.health();
    expect(providers.find((p) => p.provider === 'anthropic')).toMatchObject({ configured: true, breaker: 'closed', probe: { ok: true } });
    expect(providers.find((p) => p.provider === 'ollama')).toMatchObject({ configured: false, probe: null });
  });
});

describe('experts service configuration', () => {
  it('refuses an unknown retry preset at start', async () => {
    const error = await startExpertsService({ settings: { retryPreset: 'sometimes' } }).catch((e) => e);
    expect(hasCode(error, 'E_CONFIG') && error.message).toMatch(/experts\.retryPreset/);
  });
});
