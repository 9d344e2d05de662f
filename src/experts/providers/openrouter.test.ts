import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../../test/fakes/llm-server.js';
import { chatCompletion } from '../../../test/fakes/openai-compatible.js';
import { OPENROUTER_FAKE_KEY, openRouterErrorIn200, startOpenRouterFake } from '../../../test/fakes/openrouter.js';
import { systemClock } from '../../core/deps.js';
import { hasCode } from '../../core/errors.js';
import type { LLMRequest } from '../types.js';
import { createOpenRouterProvider } from './openrouter.js';

const request: LLMRequest = {
  model: 'meta-llama/llama-3.3-70b-instruct',
  messages: [{ role: 'user', content: 'Hi?' }],
  maxOutputTokens: 50,
};

describe('openrouter provider against the fake', () => {
  let fake: FakeServer;
  beforeEach(async () => {
    fake = await startOpenRouterFake({ answer: () => 'Shard by tenant.' });
  });
  afterEach(() => fake.close());
  const provider = (attribution = true) =>
    createOpenRouterProvider({
      apiKey: OPENROUTER_FAKE_KEY,
      baseUrl: `${fake.url}/api/v1`,
      fetch: globalThis.fetch,
      clock: systemClock,
      ...(attribution ? { referer: 'https://code-engine.example', title: 'code-engine' } : {}),
    });
  const signal = () => new AbortController().signal;

  it('posts to /api/v1/chat/completions with attribution headers', async () => {
    await provider().complete(request, { signal: signal() });
    expect(fake.requests[0]?.path).toBe('/api/v1/chat/completions');
    expect(fake.requests[0]?.headers['http-referer']).toBe('https://code-engine.example');
    expect(fake.requests[0]?.headers['x-title']).toBe('code-engine');
  });

  it('works without the optional attribution headers', async () => {
    const r = await provider(false).complete(request, { signal: signal() });
    expect(r.text).toBe('Shard by tenant.');
    expect(fake.requests[0]?.headers['http-referer']).toBeUndefined();
  });

  it('maps an upstream error returned inside HTTP 200', async () => {
    fake.enqueue(openRouterErrorIn200(502, 'Upstream provider returned an error'));
    const error = await provider()
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_UPSTREAM') && error.retryable).toBe(true);
  });

  it('maps an error chunk inside a stream', async () => {
    fake.enqueue({
      sse: [{ data: { error: { code: 503, message: 'No provider available' }, choices: [{ delta: {}, finish_reason: 'error' }] } }],
    });
    const error = await (async () => {
      for await (const _ of provider().stream(request, { signal: signal() })) {
        // drain
      }
    })().catch((e) => e);
    expect(hasCode(error, 'E_UNAVAILABLE')).toBe(true);
  });

  it('takes the cost OpenRouter reports', async () => {
    fake.enqueue({ json: chatCompletion('x', request.model, { prompt_tokens: 5, completion_tokens: 2, cost: 0.00042 }) });
    const r = await provider().complete(request, { signal: signal() });
    expect(r.usage.reportedCostUsd).toBe(0.00042);
  });
});
