import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANTHROPIC_FAKE_KEY, anthropicError, startAnthropicFake } from '../../../test/fakes/anthropic.js';
import type { FakeServer } from '../../../test/fakes/llm-server.js';
import { systemClock } from '../../core/deps.js';
import { hasCode } from '../../core/errors.js';
import type { LLMRequest, LLMStreamEvent } from '../types.js';
import {
  anthropicRateLimit,
  anthropicStreamState,
  createAnthropicProvider,
  fromAnthropicResponse,
  readAnthropicError,
  toAnthropicRequest,
} from './anthropic.js';

const request: LLMRequest = {
  model: 'claude-test',
  system: 'Be brief.',
  messages: [{ role: 'user', content: 'Hi?' }],
  maxOutputTokens: 100,
  temperature: 0.2,
};

describe('anthropic mappers', () => {
  it('maps a request to a /v1/messages body with a top-level system prompt', () => {
    expect(toAnthropicRequest(request)).toEqual({
      model: 'claude-test',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi?' }],
    });
  });

  it('leaves out the temperature, which API version 2026-10-21 rejects', () => {
    expect(toAnthropicRequest(request)).not.toHaveProperty('temperature');
  });

  it('joins text blocks and counts cache tokens as input', () => {
    const r = fromAnthropicResponse({
      type: 'message',
      model: 'm',
      content: [
        { type: 'text', text: 'a' },
        { type: 'tool_use', id: 'x' },
        { type: 'text', text: 'b' },
      ],
      stop_reason: 'end_turn',
      usage: { input_tokens: 10, output_tokens: 3, cache_read_input_tokens: 5 },
    });
    expect(r).toEqual({ text: 'ab', model: 'm', usage: { inputTokens: 15, outputTokens: 3 }, finishReason: 'end_turn' });
  });

  it('rejects a body that is not a message', () => {
    expect(() => fromAnthropicResponse({ hello: 1 })).toThrow(/unexpected message/);
  });

  it('reduces stream events to text and usage', () => {
    const s = anthropicStreamState();
    s.push({ type: 'message_start', message: { model: 'm', usage: { input_tokens: 9, output_tokens: 1 } } });
    expect(s.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } })).toBe('Hel');
    s.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo' } });
    s.push({ type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 4 } });
    expect(s.result()).toEqual({ text: 'Hello', model: 'm', usage: { inputTokens: 9, outputTokens: 4 }, finishReason: 'max_tokens' });
  });

  it('reads the error type and message', () => {
    expect(readAnthropicError({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toEqual({
      vendorCode: 'overloaded_error',
      message: 'Overloaded',
    });
  });

  it('sets a reset time only when requests are exhausted', () => {
    const headers = new Headers({
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2030-01-01T00:00:10Z',
      'anthropic-ratelimit-tokens-remaining': '5000',
    });
    expect(anthropicRateLimit(headers)).toEqual({
      requestsRemaining: 0,
      tokensRemaining: 5000,
      resetAtMs: Date.parse('2030-01-01T00:00:10Z'),
    });
  });
});

describe('anthropic provider against the fake', () => {
  let fake: FakeServer;
  beforeEach(async () => {
    fake = await startAnthropicFake({ answer: () => 'Use PostgreSQL.', models: ['claude-test'] });
  });
  afterEach(() => fake.close());
  const provider = (apiKey = ANTHROPIC_FAKE_KEY) =>
    createAnthropicProvider({ apiKey, baseUrl: fake.url, fetch: globalThis.fetch, clock: systemClock });
  const signal = () => new AbortController().signal;

  it('sends the key and anthropic-version to /v1/messages and returns the answer', async () => {
    const r = await provider().complete(request, { signal: signal() });
    expect(r.text).toBe('Use PostgreSQL.');
    expect(r.usage).toEqual({ inputTokens: 12, outputTokens: 7 });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages' });
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${ANTHROPIC_FAKE_KEY}`);
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('streams deltas and ends with the assembled response', async () => {
    const events: LLMStreamEvent[] = [];
    for await (const e of provider().stream(request, { signal: signal() })) events.push(e);
    expect(events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text)).toEqual(['Use Post', 'greSQL.']);
    expect(events.at(-1)).toMatchObject({
      type: 'done',
      response: { text: 'Use PostgreSQL.', usage: { inputTokens: 12, outputTokens: 7 } },
    });
  });

  it('maps 529 overloaded to a retryable E_UNAVAILABLE', async () => {
    fake.enqueue(anthropicError(529, 'overloaded_error', 'Overloaded'));
    const error = await provider()
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_UNAVAILABLE') && error.retryable).toBe(true);
  });

  it('maps 429 with retry-after to E_RATE_LIMITED with the wait in ms', async () => {
    fake.enqueue(anthropicError(429, 'rate_limit_error', 'Number of requests has exceeded your rate limit', { 'retry-after': '7' }));
    const error = await provider()
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_RATE_LIMITED') && error.retryAfterMs).toBe(7000);
  });

  it('maps an overloaded error event inside a stream', async () => {
    fake.enqueue({ sse: [{ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }] });
    const error = await (async () => {
      for await (const _ of provider().stream(request, { signal: signal() })) {
        // drain
      }
    })().catch((e) => e);
    expect(hasCode(error, 'E_UNAVAILABLE')).toBe(true);
  });

  it('reports a wrong key as a non-retryable upstream failure', async () => {
    const error = await provider('wrong')
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_UPSTREAM') && error.retryable).toBe(false);
  });

  it('aborts a hanging call with the signal’s reason', async () => {
    fake.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = provider().complete(request, { signal: controller.signal });
    await expect.poll(() => fake.requests.length).toBe(1);
    controller.abort();
    expect(hasCode(await pending.catch((e) => e), 'E_CANCELLED')).toBe(true);
    await expect.poll(() => fake.aborted).toBe(1);
  });

  it('lists models as its health probe', async () => {
    expect(await provider().health({ signal: signal() })).toMatchObject({ ok: true, models: ['claude-test'] });
  });
});
