/**
 * Builds the LLMProviders of a process from the `providers` config (keys, base URLs) plus keys stored through
 * the API, and says which providers are usable. The only place that knows every vendor file.
 */
import type { Clock } from '../../core/deps.js';
import type { FetchLike, LLMProvider, ProviderId } from '../types.js';
import { createAnthropicProvider } from './anthropic.js';
import { createGeminiProvider } from './gemini.js';
import { createHuggingFaceProvider } from './huggingface.js';
import { createOllamaProvider } from './ollama.js';
import { createOpenAiProvider } from './openai.js';
import { createOpenRouterProvider } from './openrouter.js';

/** One vendor's settings (the shape of `providers.<vendor>` in config). */
export interface ProviderSettings {
  enabled: boolean;
  apiKey?: string | undefined;
  baseUrl?: string | undefined;
}

/** Everything providers are built from. */
export interface ProviderRegistryOptions {
  settings: Readonly<Record<ProviderId, ProviderSettings>>;
  /** Keys stored (encrypted) through the API; config keys win. */
  storedKeys?: Partial<Record<ProviderId, string>>;
  fetch: FetchLike;
  clock: Clock;
  /** Context window per expert id (Ollama receives it as num_ctx). */
  contextTokens: (expertId: string) => number;
  openrouter?: { referer?: string | undefined; title?: string | undefined };
}

/** The key a provider would use, if any. */
function keyOf(id: ProviderId, options: ProviderRegistryOptions): string | undefined {
  return options.settings[id].apiKey ?? options.storedKeys?.[id];
}

/**
 * Is the provider usable: enabled, and keyed — except Ollama, which needs no key but must be pointed at a
 * server (`providers.ollama.baseUrl`), so a laptop without Ollama does not try 127.0.0.1:11434 on every query.
 */
export function isProviderConfigured(id: ProviderId, options: Pick<ProviderRegistryOptions, 'settings' | 'storedKeys'>): boolean {
  const s = options.settings[id];
  if (!s.enabled) return false;
  if (id === 'ollama') return Boolean(s.baseUrl ?? s.apiKey);
  return Boolean(s.apiKey ?? options.storedKeys?.[id]);
}

/** Build one provider; undefined when it is not configured. */
export function buildProvider(id: ProviderId, options: ProviderRegistryOptions): LLMProvider | undefined {
  if (!isProviderConfigured(id, options)) return undefined;
  const { fetch, clock } = options;
  const baseUrl = options.settings[id].baseUrl;
  const apiKey = keyOf(id, options) ?? '';
  switch (id) {
    case 'anthropic':
      return createAnthropicProvider({ apiKey, baseUrl, fetch, clock });
    case 'openai':
      return createOpenAiProvider({ apiKey, baseUrl, fetch, clock });
    case 'gemini':
      return createGeminiProvider({ apiKey, baseUrl, fetch, clock });
    case 'openrouter':
      return createOpenRouterProvider({
        apiKey,
        baseUrl,
        fetch,
        clock,
        referer: options.openrouter?.referer,
        title: options.openrouter?.title,
      });
    case 'huggingface':
      return createHuggingFaceProvider({ apiKey, baseUrl, fetch, clock });
    case 'ollama':
      return createOllamaProvider({
        baseUrl,
        apiKey: apiKey || undefined,
        fetch,
        clock,
        contextTokens: (model) => options.contextTokens(`ollama:${model}`),
      });
  }
}
