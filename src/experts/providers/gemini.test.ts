import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GEMINI_FAKE_KEY, geminiError, startGeminiFake } from '../../../test/fakes/gemini.js';
import type { FakeServer } from '../../../test/fakes/llm-server.js';
import { systemClock } from '../../core/deps.js';
import { hasCode } from '../../core/errors.js';
import type { LLMRequest, LLMStreamEvent } from '../types.js';
import { createGeminiProvider, fromGeminiResponse, readGeminiError, toGeminiRequest } from './gemini.js';

const request: LLMRequest = {
  model: 'gemini-test',
  system: 'Be brief.',
  messages: [
    { role: 'user', content: 'Q1' },
    { role: 'assistant', content: 'A1' },
    { role: 'user', content: 'Q2' },
  ],
  maxOutputTokens: 64,
  temperature: 0.2,
};

describe('gemini mappers', () => {
  it('maps roles to user/model and the system prompt to systemInstruction', () => {
    expect(toGeminiRequest(request)).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Q1' }] },
        { role: 'model', parts: [{ text: 'A1' }] },
        { role: 'user', parts: [{ text: 'Q2' }] },
      ],
      generationConfig: { maxOutputTokens: 64, temperature: 0.2 },
    });
  });

  it('counts thinking tokens as output and skips thought parts', () => {
    const r = fromGeminiResponse(
      {
        candidates: [{ content: { parts: [{ text: 'plan', thought: true }, { text: 'answer' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 4, thoughtsTokenCount: 6 },
      },
      'g',
    );
    expect(r).toEqual({ text: 'answer', model: 'g', usage: { inputTokens: 10, outputTokens: 10 }, finishReason: 'STOP' });
  });

  it('turns a blocked prompt into an error', () => {
    expect(() => fromGeminiResponse({ promptFeedback: { blockReason: 'SAFETY' } }, 'g')).toThrow(/blocked/);
  });

  it('reads RetryInfo from RESOURCE_EXHAUSTED', () => {
    const body = {
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: 'Quota',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30s' }],
      },
    };
    expect(readGeminiError(body)).toEqual({ message: 'Quota', vendorCode: 'RESOURCE_EXHAUSTED', status: 429, retryAfterMs: 30_000 });
  });
});

describe('gemini provider against the fake', () => {
  let fake: FakeServer;
  beforeEach(async () => {
    fake = await startGeminiFake({ answer: () => 'Use Spanner.', models: ['gemini-test'] });
  });
  afterEach(() => fake.close());
  const provider = () => createGeminiProvider({ apiKey: GEMINI_FAKE_KEY, baseUrl: fake.url, fetch: globalThis.fetch, clock: systemClock });
  const signal = () => new AbortController().signal;

  it('posts to :generateContent with x-goog-api-key', async () => {
    const r = await provider().complete(request, { signal: signal() });
    expect(r).toMatchObject({ text: 'Use Spanner.', usage: { inputTokens: 15, outputTokens: 6 } });
    expect(fake.requests[0]?.path).toBe('/v1beta/models/gemini-test:generateContent');
    expect(fake.requests[0]?.headers['x-goog-api-key']).toBe(GEMINI_FAKE_KEY);
  });

  it('streams from :streamGenerateContent?alt=sse', async () => {
    const events: LLMStreamEvent[] = [];
    for await (const e of provider().stream(request, { signal: signal() })) events.push(e);
    expect(fake.requests[0]?.query.get('alt')).toBe('sse');
    expect(events.at(-1)).toMatchObject({ type: 'done', response: { text: 'Use Spanner.', usage: { inputTokens: 15, outputTokens: 6 } } });
  });

  it('maps RESOURCE_EXHAUSTED to E_RATE_LIMITED with the RetryInfo delay', async () => {
    fake.enqueue(geminiError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', '30s'));
    const error = await provider()
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_RATE_LIMITED') && error.retryAfterMs).toBe(30_000);
  });

  it('maps 503 UNAVAILABLE to a retryable E_UNAVAILABLE', async () => {
    fake.enqueue(geminiError(503, 'UNAVAILABLE', 'The model is overloaded.'));
    const error = await provider()
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_UNAVAILABLE') && error.retryable).toBe(true);
  });

  it('lists models without the models/ prefix', async () => {
    expect(await provider().health({ signal: signal() })).toMatchObject({ ok: true, models: ['gemini-test'] });
  });
});
