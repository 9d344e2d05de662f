import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/errors.js';
import type { LLMRequest } from '../types.js';
import { openAiDialect } from './openai.js';
import { chatRateLimit, chatStreamState, fromChatCompletion, readChatError, toChatCompletionsRequest } from './openai-compatible.js';
import { openRouterDialect } from './openrouter.js';

const request: LLMRequest = {
  model: 'gpt-4.1',
  system: 'Be brief.',
  messages: [{ role: 'user', content: 'Hi?' }],
  maxOutputTokens: 50,
  temperature: 0.3,
};

describe('chat completions mappers', () => {
  it('puts the system prompt first and uses max_completion_tokens for OpenAI', () => {
    expect(toChatCompletionsRequest(request, openAiDialect)).toEqual({
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi?' },
      ],
      max_completion_tokens: 50,
      temperature: 0.3,
    });
  });

  it('omits the temperature for OpenAI reasoning models', () => {
    expect(toChatCompletionsRequest({ ...request, model: 'gpt-5.4-mini' }, openAiDialect)).not.toHaveProperty('temperature');
  });

  it('asks OpenRouter for usage accounting with max_tokens', () => {
    expect(toChatCompletionsRequest(request, openRouterDialect)).toMatchObject({ max_tokens: 50, usage: { include: true } });
  });

  it('maps a completion with usage and a reported cost', () => {
    const r = fromChatCompletion(
      {
        model: 'm',
        choices: [{ message: { content: 'yes' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 1, cost: 0.0002 },
      },
      'openrouter',
    );
    expect(r).toEqual({
      text: 'yes',
      model: 'm',
      usage: { inputTokens: 3, outputTokens: 1, reportedCostUsd: 0.0002 },
      finishReason: 'stop',
    });
  });

  it('treats an error body with HTTP 200 as a failure (OpenRouter)', () => {
    const error = (() => {
      try {
        fromChatCompletion({ error: { code: 429, message: 'Upstream rate limited' } }, 'openrouter');
      } catch (e) {
        return e;
      }
    })();
    expect(hasCode(error, 'E_RATE_LIMITED')).toBe(true);
  });

  it('reads TGI string errors', () => {
    expect(readChatError({ error: 'Model is overloaded', error_type: 'overloaded' })).toEqual({ message: 'Model is overloaded' });
  });

  it('reads insufficient_quota as the vendor code', () => {
    expect(readChatError({ message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' })).toMatchObject({
      vendorCode: 'insufficient_quota',
    });
  });

  it('reduces chunks to text, finish reason and the final usage chunk', () => {
    const s = chatStreamState('openai');
    expect(s.push({ model: 'm', choices: [{ delta: { content: 'a' }, finish_reason: null }] })).toBe('a');
    s.push({ model: 'm', choices: [{ delta: { content: 'b' }, finish_reason: 'stop' }] });
    s.push({ model: 'm', choices: [], usage: { prompt_tokens: 4, completion_tokens: 2 } });
    expect(s.result('x')).toEqual({ text: 'ab', model: 'm', usage: { inputTokens: 4, outputTokens: 2 }, finishReason: 'stop' });
  });

  it('reads OpenAI duration resets into an absolute reset time', () => {
    const headers = new Headers({
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '1m30s',
      'x-ratelimit-remaining-tokens': '900',
    });
    expect(chatRateLimit(headers, 1_000_000)).toEqual({ requestsRemaining: 0, tokensRemaining: 900, resetAtMs: 1_090_000 });
  });

  it('reads OpenRouter epoch-ms resets', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000060000' });
    expect(chatRateLimit(headers, 1_700_000_000_000)?.resetAtMs).toBe(1_700_000_060_000);
  });
});
