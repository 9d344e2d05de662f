import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../../test/fakes/llm-server.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../../../test/fakes/openai.js';
import { chatError } from '../../../test/fakes/openai-compatible.js';
import { systemClock } from '../../core/deps.js';
import { hasCode } from '../../core/errors.js';
import type { LLMRequest, LLMStreamEvent } from '../types.js';
import { createOpenAiProvider } from './openai.js';

const request: LLMRequest = { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Hi?' }], maxOutputTokens: 50 };

describe('openai provider against the fake', () => {
  let fake: FakeServer;
  beforeEach(async () => {
    fake = await startOpenAiFake({ answer: () => 'Add an index.', models: ['gpt-4.1'] });
  });
  afterEach(() => fake.close());
  const provider = () =>
    createOpenAiProvider({ apiKey: OPENAI_FAKE_KEY, baseUrl: `${fake.url}/v1`, fetch: globalThis.fetch, clock: systemClock });
  const signal = () => new AbortController().signal;

  it('posts to /v1/chat/completions with a Bearer key', async () => {
    const r = await provider().complete(request, { signal: signal() });
    expect(r).toMatchObject({ text: 'Add an index.', usage: { inputTokens: 20, outputTokens: 9 } });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${OPENAI_FAKE_KEY}`);
  });

  it('streams with include_usage and returns the usage chunk', async () => {
    const events: LLMStreamEvent[] = [];
    for await (const e of provider().stream(request, { signal: signal() })) events.push(e);
    expect(events.at(-1)).toMatchObject({ type: 'done', response: { text: 'Add an index.', usage: { inputTokens: 20, outputTokens: 9 } } });
    expect(fake.requests[0]?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('maps 429 insufficient_quota to a non-retryable upstream failure', async () => {
    fake.enqueue(chatError(429, 'insufficient_quota', 'You exceeded your current quota.'));
    const error = await provider()
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_UPSTREAM') && error.retryable).toBe(false);
  });

  it('maps 429 rate_limit_exceeded to E_RATE_LIMITED honouring retry-after-ms', async () => {
    fake.enqueue(chatError(429, 'rate_limit_exceeded', 'Rate limit reached', { 'retry-after-ms': '1500' }));
    const error = await provider()
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_RATE_LIMITED') && error.retryAfterMs).toBe(1500);
  });

  it('reports rate-limit headers of a successful answer', async () => {
    fake.enqueue({
      headers: { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '20s' },
      json: (await import('../../../test/fakes/openai-compatible.js')).chatCompletion('x'),
    });
    const r = await provider().complete(request, { signal: signal() });
    expect(r.rateLimit?.requestsRemaining).toBe(0);
    expect(r.rateLimit?.resetAtMs).toBeGreaterThan(0);
  });

  it('lists models as its health probe', async () => {
    expect(await provider().health({ signal: signal() })).toMatchObject({ ok: true, models: ['gpt-4.1'] });
  });
});
