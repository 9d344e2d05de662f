import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_FAKE_KEY, anthropicError, startAnthropicFake } from '../../../test/fakes/anthropic.js';
import { GEMINI_FAKE_KEY, startGeminiFake } from '../../../test/fakes/gemini.js';
import { HUGGINGFACE_FAKE_KEY, startHuggingFaceFake } from '../../../test/fakes/huggingface.js';
import type { FakeServer } from '../../../test/fakes/llm-server.js';
import { startOllamaFake } from '../../../test/fakes/ollama.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../../../test/fakes/openai.js';
import { chatError } from '../../../test/fakes/openai-compatible.js';
import { OPENROUTER_FAKE_KEY, startOpenRouterFake } from '../../../test/fakes/openrouter.js';
import { fastForwardTimers, startExpertsService, type TestExperts } from '../../../test/helpers/experts.js';
import { AGREEING, DISSENTING } from '../consensus/fixtures.test-data.js';

const fakes: Record<string, FakeServer> = {};
let kit: TestExperts | undefined;

beforeAll(async () => {
  fakes.anthropic = await startAnthropicFake({ answer: () => AGREEING[0] as string, models: ['claude-test'] });
  fakes.openai = await startOpenAiFake({ answer: () => AGREEING[1] as string, models: ['gpt-test'] });
  fakes.gemini = await startGeminiFake({ answer: () => DISSENTING, models: ['gemini-test'] });
  fakes.openrouter = await startOpenRouterFake({ answer: () => AGREEING[2] as string });
  fakes.ollama = await startOllamaFake({ answer: () => AGREEING[0] as string });
  fakes.huggingface = await startHuggingFaceFake({ answer: () => AGREEING[1] as string });
});
afterAll(async () => {
  await Promise.all(Object.values(fakes).map((f) => f.close()));
});
afterEach(async () => {
  await kit?.cleanup();
  kit = undefined;
});

const url = (name: string) => fakes[name]?.url as string;

async function start(timers = fastForwardTimers()) {
  kit = await startExpertsService({
    timers,
    providers: {
      anthropic: { apiKey: ANTHROPIC_FAKE_KEY, baseUrl: url('anthropic') },
      openai: { apiKey: OPENAI_FAKE_KEY, baseUrl: `${url('openai')}/v1` },
      gemini: { apiKey: GEMINI_FAKE_KEY, baseUrl: url('gemini') },
      openrouter: { apiKey: OPENROUTER_FAKE_KEY, baseUrl: `${url('openrouter')}/api/v1` },
      ollama: { baseUrl: url('ollama') },
      huggingface: { apiKey: HUGGINGFACE_FAKE_KEY, baseUrl: `${url('huggingface')}/v1` },
    },
    settings: {
      models: {
        anthropic: ['claude-test'],
        openai: ['gpt-test'],
        gemini: ['gemini-test'],
        openrouter: ['router-test'],
        ollama: ['llama-test'],
        huggingface: ['tgi-test'],
      },
      maxExperts: 6,
      // Waits of a second or more are fast-forwarded; no limit here would fire by itself.
      deadlineMs: 0,
      perExpertTimeoutMs: 0,
    },
  });
  return kit.service;
}

describe('consult over the six vendors’ wire formats', () => {
  it('asks every vendor once and finds the dissenter', async () => {
    const service = await start();
    const result = await service.consult({ question: 'Which database?' });
    expect(result.responses.filter((r) => r.status === 'ok')).toHaveLength(6);
    expect(result.consensus.dissent.flatMap((d) => d.experts)).toEqual(['gemini:gemini-test']);
  });

  it('honours a provider’s retry-after before trying again', async () => {
    const timers = fastForwardTimers();
    const service = await start(timers);
    fakes.openai?.enqueue(chatError(429, 'rate_limit_exceeded', 'Rate limit reached for requests', { 'retry-after': '2' }));
    const result = await service.consult({ question: 'Q', experts: ['openai:gpt-test'] });
    expect(result.responses[0]?.status).toBe('ok');
    expect(timers.waits).toContain(2000);
  });

  it('retries Anthropic’s 529 overloaded and succeeds', async () => {
    const service = await start();
    const before = fakes.anthropic?.requests.length ?? 0;
    fakes.anthropic?.enqueue(anthropicError(529, 'overloaded_error', 'Overloaded'));
    const result = await service.consult({ question: 'Q', experts: ['anthropic:claude-test'] });
    expect(result.responses[0]?.status).toBe('ok');
    expect((fakes.anthropic?.requests.length ?? 0) - before).toBe(2);
  });

  it('records a model Ollama has not pulled as an error with its reason', async () => {
    const service = await start();
    const result = await service.consult({ question: 'Q', experts: ['ollama:not-pulled', 'anthropic:claude-test'] });
    expect(result.responses.find((r) => r.expertId === 'ollama:not-pulled')).toMatchObject({
      status: 'error',
      errorCode: 'E_NOT_FOUND',
      reason: expect.stringMatching(/try pulling it first/),
    });
  });
});
