/**
 * Opt-in live checks against the real vendors: each runs only when its key is in the environment (never in
 * CI by default) and costs a few tokens. Models can be overridden with EXPERTS_LIVE_<VENDOR>_MODEL.
 */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/deps.js';
import type { LLMProvider, ProviderId } from '../types.js';
import { createAnthropicProvider } from './anthropic.js';
import { createGeminiProvider } from './gemini.js';
import { createHuggingFaceProvider } from './huggingface.js';
import { createOllamaProvider } from './ollama.js';
import { createOpenAiProvider } from './openai.js';
import { createOpenRouterProvider } from './openrouter.js';

const env = process.env;
const common = { fetch: globalThis.fetch, clock: systemClock };

interface Live {
  vendor: ProviderId;
  variable: string;
  model: string;
  make: (secret: string) => LLMProvider;
}

const LIVE: Live[] = [
  {
    vendor: 'anthropic',
    variable: 'ANTHROPIC_API_KEY',
    model: 'claude-haiku-4-5',
    make: (k) => createAnthropicProvider({ apiKey: k, ...common }),
  },
  { vendor: 'openai', variable: 'OPENAI_API_KEY', model: 'gpt-5.4-mini', make: (k) => createOpenAiProvider({ apiKey: k, ...common }) },
  { vendor: 'gemini', variable: 'GEMINI_API_KEY', model: 'gemini-2.5-flash', make: (k) => createGeminiProvider({ apiKey: k, ...common }) },
  {
    vendor: 'openrouter',
    variable: 'OPENROUTER_API_KEY',
    model: 'meta-llama/llama-3.3-70b-instruct',
    make: (k) => createOpenRouterProvider({ apiKey: k, title: 'code-engine live test', ...common }),
  },
  {
    vendor: 'huggingface',
    variable: 'HF_TOKEN',
    model: 'meta-llama/Llama-3.1-8B-Instruct',
    make: (k) => createHuggingFaceProvider({ apiKey: k, ...common }),
  },
  // Ollama needs no key: OLLAMA_HOST (e.g. http://127.0.0.1:11434) opts in.
  { vendor: 'ollama', variable: 'OLLAMA_HOST', model: 'llama3.2', make: (host) => createOllamaProvider({ baseUrl: host, ...common }) },
];

for (const live of LIVE) {
  const secret = env[live.variable];
  const model = env[`EXPERTS_LIVE_${live.vendor.toUpperCase()}_MODEL`] ?? live.model;
  if (!secret) console.warn(`[skip] live ${live.vendor} test: set ${live.variable} to run it.`);
  describe.skipIf(!secret)(`live ${live.vendor} (${model})`, () => {
    const request = { model, messages: [{ role: 'user' as const, content: 'Reply with the single word: pong' }], maxOutputTokens: 16 };

    it('answers and reports usage', async () => {
      const r = await live.make(secret as string).complete(request, { signal: AbortSignal.timeout(60_000) });
      expect(r.text.toLowerCase()).toContain('pong');
      expect(r.usage.inputTokens).toBeGreaterThan(0);
    }, 70_000);

    it('streams an answer', async () => {
      let text = '';
      for await (const e of live.make(secret as string).stream(request, { signal: AbortSignal.timeout(60_000) })) {
        if (e.type === 'done') text = e.response.text;
      }
      expect(text.toLowerCase()).toContain('pong');
    }, 70_000);
  });
}
