import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeServer } from '../../../test/fakes/llm-server.js';
import { startOllamaFake } from '../../../test/fakes/ollama.js';
import { systemClock } from '../../core/deps.js';
import { hasCode } from '../../core/errors.js';
import type { LLMRequest, LLMStreamEvent } from '../types.js';
import { createOllamaProvider, ollamaStreamState, toOllamaRequest } from './ollama.js';

const request: LLMRequest = {
  model: 'llama-test',
  system: 'Be brief.',
  messages: [{ role: 'user', content: 'Hi?' }],
  maxOutputTokens: 64,
  temperature: 0.1,
};

describe('ollama mappers', () => {
  it('sends the system prompt as a message and the window as num_ctx', () => {
    expect(toOllamaRequest(request, false, 8192)).toEqual({
      model: 'llama-test',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi?' },
      ],
      stream: false,
      options: { num_predict: 64, temperature: 0.1, num_ctx: 8192 },
    });
  });

  it('fails a stream that ends without its done line', () => {
    const s = ollamaStreamState();
    s.push({ model: 'm', message: { content: 'a' }, done: false });
    expect(() => s.result()).toThrow(/no final "done" line/);
  });
});

describe('ollama provider against the fake', () => {
  let fake: FakeServer;
  beforeEach(async () => {
    fake = await startOllamaFake({ answer: () => 'Profile first.' });
  });
  afterEach(() => fake.close());
  const provider = () =>
    createOllamaProvider({ baseUrl: fake.url, fetch: globalThis.fetch, clock: systemClock, contextTokens: () => 8192 });
  const signal = () => new AbortController().signal;

  it('posts to /api/chat without streaming for complete()', async () => {
    const r = await provider().complete(request, { signal: signal() });
    expect(r).toMatchObject({ text: 'Profile first.', usage: { inputTokens: 18, outputTokens: 5 } });
    expect(fake.requests[0]?.body).toMatchObject({ stream: false, options: { num_ctx: 8192 } });
  });

  it('reads NDJSON lines when streaming', async () => {
    const events: LLMStreamEvent[] = [];
    for await (const e of provider().stream(request, { signal: signal() })) events.push(e);
    expect(events.filter((e) => e.type === 'delta')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'done', response: { text: 'Profile first.', usage: { outputTokens: 5 } } });
  });

  it('maps a model that is not pulled to E_NOT_FOUND', async () => {
    const error = await provider()
      .complete({ ...request, model: 'missing' }, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_NOT_FOUND') && error.message).toMatch(/try pulling it first/);
  });

  it('maps a connection refusal to E_UNAVAILABLE', async () => {
    const url = fake.url;
    await fake.close();
    const p = createOllamaProvider({ baseUrl: url, fetch: globalThis.fetch, clock: systemClock });
    const error = await p.complete(request, { signal: signal() }).catch((e) => e);
    expect(hasCode(error, 'E_UNAVAILABLE')).toBe(true);
    fake = await startOllamaFake();
  });

  it('lists pulled models from /api/tags', async () => {
    expect(await provider().health({ signal: signal() })).toMatchObject({ ok: true, models: ['llama-test'] });
  });
});
