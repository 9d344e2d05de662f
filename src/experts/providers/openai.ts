/**
 * OpenAI Chat Completions (`/v1/chat/completions`) with Bearer auth. Reasoning models (o-series, gpt-5)
 * take `max_completion_tokens` and only their default temperature.
 */
import type { Clock } from '../../core/deps.js';
import type { FetchLike, LLMProvider } from '../types.js';
import { type ChatDialect, createChatCompletionsProvider } from './openai-compatible.js';

/** Default API base URL. */
export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** OpenAI's dialect of Chat Completions. */
export const openAiDialect: ChatDialect = {
  maxTokensField: 'max_completion_tokens',
  acceptsTemperature: (model) => !/^(o\d|gpt-5)/.test(model),
};

/** Settings of one OpenAI provider instance. */
export interface OpenAiOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  fetch: FetchLike;
  clock: Clock;
}

/** An LLMProvider for OpenAI (or any endpoint that mirrors OpenAI exactly, via `baseUrl`). */
export function createOpenAiProvider(options: OpenAiOptions): LLMProvider {
  return createChatCompletionsProvider({
    id: 'openai',
    apiKey: options.apiKey,
    baseUrl: options.baseUrl ?? OPENAI_BASE_URL,
    fetch: options.fetch,
    clock: options.clock,
    dialect: openAiDialect,
  });
}
