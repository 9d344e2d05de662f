/**
 * Hugging Face: the serverless router (`https://router.huggingface.co/v1`) or a dedicated Inference
 * Endpoint running TGI (`https://<name>.endpoints.huggingface.cloud/v1`), both OpenAI-compatible with a
 * Bearer token. TGI reports errors as `{ "error": "…", "error_type": "…" }`, which the shared mapper reads.
 */
import type { Clock } from '../../core/deps.js';
import type { FetchLike, LLMProvider } from '../types.js';
import { type ChatDialect, createChatCompletionsProvider } from './openai-compatible.js';

/** Default API base URL (the serverless router). */
export const HUGGINGFACE_BASE_URL = 'https://router.huggingface.co/v1';

/** TGI's dialect of Chat Completions. */
export const huggingFaceDialect: ChatDialect = {
  maxTokensField: 'max_tokens',
  acceptsTemperature: () => true,
};

/** Settings of one Hugging Face provider instance. */
export interface HuggingFaceOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  fetch: FetchLike;
  clock: Clock;
}

/** An LLMProvider for Hugging Face inference (router or a TGI endpoint). */
export function createHuggingFaceProvider(options: HuggingFaceOptions): LLMProvider {
  return createChatCompletionsProvider({
    id: 'huggingface',
    apiKey: options.apiKey,
    baseUrl: options.baseUrl ?? HUGGINGFACE_BASE_URL,
    fetch: options.fetch,
    clock: options.clock,
    dialect: huggingFaceDialect,
    charsPerToken: 3.5,
  });
}
