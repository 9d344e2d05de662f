/**
 * OpenRouter (`/api/v1/chat/completions`): OpenAI-shaped, Bearer auth, optional attribution headers
 * (`HTTP-Referer`, `X-Title`), usage accounting (`usage.cost`), and upstream failures reported inside HTTP 200.
 */
import type { Clock } from '../../core/deps.js';
import type { FetchLike, LLMProvider } from '../types.js';
import { type ChatDialect, createChatCompletionsProvider } from './openai-compatible.js';

/** Default API base URL. */
export const OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';

/** OpenRouter's dialect: `max_tokens`, and the cost of each call reported in `usage.cost`. */
export const openRouterDialect: ChatDialect = {
  maxTokensField: 'max_tokens',
  acceptsTemperature: () => true,
  extraBody: { usage: { include: true } },
};

/** Settings of one OpenRouter provider instance. */
export interface OpenRouterOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  fetch: FetchLike;
  clock: Clock;
  /** Sent as `HTTP-Referer` so the app shows up in OpenRouter's rankings (optional). */
  referer?: string | undefined;
  /** Sent as `X-Title` (optional). */
  title?: string | undefined;
}

/** An LLMProvider for OpenRouter. */
export function createOpenRouterProvider(options: OpenRouterOptions): LLMProvider {
  const headers: Record<string, string> = {};
  if (options.referer) headers['HTTP-Referer'] = options.referer;
  if (options.title) headers['X-Title'] = options.title;
  return createChatCompletionsProvider({
    id: 'openrouter',
    apiKey: options.apiKey,
    baseUrl: options.baseUrl ?? OPENROUTER_BASE_URL,
    fetch: options.fetch,
    clock: options.clock,
    dialect: openRouterDialect,
    headers,
  });
}
