import { afterEach, describe, expect, it } from 'vitest';
import { startExpertsService, type TestExperts } from '../../../test/helpers/experts.js';
import { AppError, hasCode } from '../../core/errors.js';
import { AGREEING, DISSENTING } from '../consensus/fixtures.test-data.js';
import { createScriptedProvider, hang, type ScriptedProvider } from '../providers/scripted.js';
import type { ConsultProgress } from '../schemas.js';
import type { ProviderId } from '../types.js';

const MODELS = { anthropic: ['a1'], openai: ['o1'], gemini: ['g1'], ollama: ['l1'], openrouter: [], huggingface: [] };
const PRICES = {
  'anthropic:a1': { inputPerMTok: 1, outputPerMTok: 5 },
  'openai:o1': { inputPerMTok: 1, outputPerMTok: 5 },
  'gemini:g1': { inputPerMTok: 1, outputPerMTok: 5 },
};

let kit: TestExperts | undefined;
afterEach(async () => {
  await kit?.cleanup();
  kit = undefined;
});

/** Four scripted experts: three agree, gemini dissents. */
function panel(overrides: Partial<Record<ProviderId, ScriptedProvider>> = {}) {
  return {
    anthropic: createScriptedProvider('anthropic', () => AGREEING[0] as string),
    openai: createScriptedProvider('openai', () => AGREEING[1] as string),
    gemini: createScriptedProvider('gemini', () => DISSENTING),
    ollama: createScriptedProvider('ollama', () => AGREEING[2] as string),
    ...overrides,
  };
}

async function start(options: Parameters<typeof startExpertsService>[0] = {}) {
  kit = await startExpertsService({ ...options, settings: { models: MODELS, prices: PRICES, maxExperts: 4, ...options.settings } });
  return kit;
}

describe('consult', () => {
  it('returns the majority as consensus and the dissenter with its answer', async () => {
    const { service } = await start({ providerOverrides: panel() });
    const result = await service.consult({ question: 'Which database?', type: 'architecture' });
    expect(result.status).toBe('complete');
    expect(result.consensus.majority.sort()).toEqual(['anthropic:a1', 'ollama:l1', 'openai:o1']);
    expect(result.consensus.dissent[0]?.experts).toEqual(['gemini:g1']);
  });

  it('refuses a query whose estimate exceeds its budget, before calling anyone', async () => {
    const providers = panel();
    const { service } = await start({ providerOverrides: providers });
    const error = await service
      .consult({ question: 'Which database?', experts: ['anthropic:a1', 'openai:o1'], budgetUsd: 0.000001 })
      .catch((e) => e);
    expect(hasCode(error, 'E_VALIDATION') && error.message).toMatch(/exceeds the budget/);
    expect(providers.anthropic.calls).toHaveLength(0);
  });

  it('returns partial results at the deadline and cancels the hanging expert', async () => {
    let aborted = false;
    const slow = createScriptedProvider('gemini', (_req, { signal }) => {
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      return hang('gemini', signal);
    });
    const { service } = await start({ providerOverrides: panel({ gemini: slow }) });
    const result = await service.consult({ question: 'Which database?', deadlineMs: 300 });
    const late = result.responses.find((r) => r.expertId === 'gemini:g1');
    expect(result.status).toBe('partial');
    expect(late).toMatchObject({ status: 'timeout', errorCode: 'E_TIMEOUT' });
    expect(result.responses.filter((r) => r.status === 'ok')).toHaveLength(3);
    expect(aborted).toBe(true);
  });

  it('skips an expert whose breaker opened after repeated failures', async () => {
    const failing = createScriptedProvider('gemini', () => {
      throw new AppError('E_UNAVAILABLE', 'Gemini is down.', { retryable: false });
    });
    const { service } = await start({
      providerOverrides: panel({ gemini: failing }),
      resilience: { breaker: { consecutiveFailures: 2, openMs: 60_000 } },
    });
    await service.consult({ question: 'Q1' });
    await service.consult({ question: 'Q2' });
    const third = await service.consult({ question: 'Q3', experts: ['anthropic:a1', 'gemini:g1'] });
    expect(third.responses.find((r) => r.expertId === 'gemini:g1')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/circuit breaker open/),
    });
    expect(failing.calls).toHaveLength(2);
  });

  it('reports the cost of a model missing from the price table as unknown, never $0', async () => {
    const { service } = await start({ providerOverrides: panel(), settings: { models: { ...MODELS, openai: ['mystery-model'] } } });
    const result = await service.consult({ question: 'Q', experts: ['anthropic:a1', 'openai:mystery-model'] });
    expect(result.responses.find((r) => r.expertId === 'openai:mystery-model')?.costUsd).toBeNull();
    expect(result.cost).toMatchObject({ totalUsd: null, unknownExperts: ['openai:mystery-model'] });
    expect(result.cost.knownUsd).toBeGreaterThan(0);
  });

  it('sends the stance in the system prompt and records it', async () => {
    const providers = panel();
    const { service } = await start({ providerOverrides: providers });
    const result = await service.consult({ question: 'Q', experts: ['anthropic:a1', 'openai:o1'], stances: { 'openai:o1': 'against' } });
    expect(providers.openai.calls[0]?.system).toMatch(/devil's advocate/);
    const stored = await kit?.service.history({ queryId: result.queryId });
    expect(stored?.query?.responses.find((r) => r.expertId === 'openai:o1')?.stance).toBe('against');
  });

  it('carries the earlier turns into a follow-up with the conversationId', async () => {
    const providers = panel();
    const { service } = await start({ providerOverrides: providers });
    const first = await service.consult({ question: 'Which database for orders?', experts: ['anthropic:a1'] });
    await service.consult({ question: 'And for analytics?', experts: ['anthropic:a1'], conversationId: first.conversationId });
    const messages = providers.anthropic.calls[1]?.messages ?? [];
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[0]?.content).toBe('Which database for orders?');
    expect(messages[1]?.content).toBe(AGREEING[0]);
  });

  it('reports an unknown conversation as not found', async () => {
    const { service } = await start({ providerOverrides: panel() });
    const error = await service.consult({ question: 'Q', conversationId: '00000000-0000-4000-8000-000000000000' }).catch((e) => e);
    expect(hasCode(error, 'E_NOT_FOUND')).toBe(true);
  });

  it('reports context it had to cut', async () => {
    const { service } = await start({ providerOverrides: panel(), settings: { contextTokens: { 'anthropic:a1': 8_000 } } });
    const big = 'x'.repeat(40_000);
    const result = await service.consult({
      question: 'Q',
      experts: ['anthropic:a1'],
      context: { snippets: [{ name: 'big.log', text: big }] },
    });
    expect(result.responses[0]?.contextCuts[0]).toMatchObject({ name: 'big.log', dropped: false });
    expect(result.notes.join('\n')).toMatch(/"big.log" was cut/);
  });

  it('emits progress from plan to done', async () => {
    const { service } = await start({ providerOverrides: panel() });
    const events: ConsultProgress[] = [];
    await service.consult({ question: 'Q', experts: ['anthropic:a1'] }, { onProgress: (e) => events.push(e) });
    expect(events[0]?.type).toBe('plan');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['expert_started', 'expert_delta', 'expert_done']));
    expect(events.at(-1)?.type).toBe('done');
  });

  it('refuses when fewer experts than the minimum can be asked', async () => {
    const { service } = await start({ providerOverrides: { anthropic: panel().anthropic } });
    const error = await service.consult({ question: 'Q', minExperts: 2 }).catch((e) => e);
    expect(hasCode(error, 'E_UNAVAILABLE') && error.message).toMatch(/fewer than the minimum of 2/);
  });

  it('refuses a query over what is left of the user’s daily budget until midnight UTC', async () => {
    const { service } = await start({ providerOverrides: panel(), settings: { dailyBudgetUsd: 0.000001 } });
    const error = await service.consult({ question: 'Q', experts: ['anthropic:a1'] }, { userId: 'u1' }).catch((e) => e);
    expect(hasCode(error, 'E_RATE_LIMITED') && error.retryAfterMs).toBeGreaterThan(0);
  });

  it('refuses once the user’s daily budget is spent', async () => {
    const prices = { ...PRICES, 'ollama:l1': { inputPerMTok: 1000, outputPerMTok: 1000 } };
    const { service } = await start({ providerOverrides: panel(), settings: { dailyBudgetUsd: 0.15, maxOutputTokens: 16, prices } });
    const first = await service.consult({ question: 'Q', experts: ['ollama:l1'] }, { userId: 'u1' });
    expect(first.cost.totalUsd).toBeGreaterThan(0.15);
    const error = await service.consult({ question: 'Q', experts: ['ollama:l1'] }, { userId: 'u1' }).catch((e) => e);
    expect(hasCode(error, 'E_RATE_LIMITED') && error.message).toMatch(/is spent/);
  });
  it('has the chair synthesise a final answer from every answer, keeping the raw answers', async () => {
    const providers = panel();
    const { service } = await start({ providerOverrides: providers, settings: { chair: { expert: 'anthropic:a1' } } });
    const result = await service.consult({ question: 'Which database?', experts: ['openai:o1', 'gemini:g1'], synthesize: true });
    const chairRequest = providers.anthropic.calls[0];
    expect(chairRequest?.system).toMatch(/You chair a panel/);
    expect(chairRequest?.messages[0]?.content).toContain('MongoDB suits this better');
    expect(result.synthesis).toMatchObject({ expertId: 'anthropic:a1', text: AGREEING[0] });
    expect(result.responses.map((r) => r.expertId)).toEqual(['openai:o1', 'gemini:g1']);
  });

  it('makes the lowest-weighted of three auto-selected experts the devil’s advocate', async () => {
    const providers = panel();
    const { service } = await start({ providerOverrides: providers, settings: { devilsAdvocate: true, maxExperts: 3 } });
    const result = await service.consult({ question: 'Q' });
    const advocates = result.responses.filter((r) => r.stance === 'against');
    expect(advocates).toHaveLength(1);
    const advocate = providers[advocates[0]?.expertId.split(':')[0] as keyof typeof providers];
    expect(advocate?.calls[0]?.system).toMatch(/devil's advocate/);
  });
  it('reports an empty answer as an error with its cost, and says why', async () => {
    const empty = createScriptedProvider('openai', (req) => ({
      text: '',
      model: req.model,
      usage: { inputTokens: 100, outputTokens: 4096 },
      finishReason: 'length',
    }));
    const { service } = await start({ providerOverrides: panel({ openai: empty }) });
    const result = await service.consult({ question: 'Q', experts: ['anthropic:a1', 'openai:o1'] });
    expect(result.responses.find((r) => r.expertId === 'openai:o1')).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/no text \(finish reason: length\)/),
      costUsd: 0.02058,
    });
    expect(result.cost.knownUsd).toBeGreaterThan(0.02058);
  });
});
