import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HUGGINGFACE_FAKE_KEY, startHuggingFaceFake, tgiError } from '../../../test/fakes/huggingface.js';
import type { FakeServer } from '../../../test/fakes/llm-server.js';
import { systemClock } from '../../core/deps.js';
import { hasCode } from '../../core/errors.js';
import type { LLMRequest } from '../types.js';
import { createHuggingFaceProvider } from './huggingface.js';

const request: LLMRequest = { model: 'tgi', messages: [{ role: 'user', content: 'Hi?' }], maxOutputTokens: 50, temperature: 0.2 };

describe('hugging face provider against a TGI fake', () => {
  let fake: FakeServer;
  beforeEach(async () => {
    fake = await startHuggingFaceFake({ answer: () => 'Cache it.' });
  });
  afterEach(() => fake.close());
  const provider = () =>
    createHuggingFaceProvider({ apiKey: HUGGINGFACE_FAKE_KEY, baseUrl: `${fake.url}/v1`, fetch: globalThis.fetch, clock: systemClock });
  const signal = () => new AbortController().signal;

  it('posts an OpenAI-compatible body with max_tokens and a Bearer token', async () => {
    const r = await provider().complete(request, { signal: signal() });
    expect(r.text).toBe('Cache it.');
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${HUGGINGFACE_FAKE_KEY}`);
    expect(fake.requests[0]?.body).toMatchObject({ max_tokens: 50, temperature: 0.2 });
  });

  it('maps a TGI overload to a retryable E_UNAVAILABLE with its message', async () => {
    fake.enqueue(tgiError(503, 'overloaded', 'Model is overloaded'));
    const error = await provider()
      .complete(request, { signal: signal() })
      .catch((e) => e);
    expect(hasCode(error, 'E_UNAVAILABLE') && error.message).toMatch(/Model is overloaded/);
  });
});
