/**
 * What we know about models, as data: list prices (USD per million tokens, with the date they were read and
 * where) and context windows. A model missing here has an unknown cost (null, never $0) until
 * `experts.prices` in config names it. Prices change: check the sources and bump `asOf` when editing.
 */

/** One model's list price. */
export interface PriceEntry {
  /** USD per million input (prompt) tokens. */
  inputPerMTok: number;
  /** USD per million output (completion, incl. reasoning) tokens. */
  outputPerMTok: number;
  /** ISO date the price was read. */
  asOf: string;
  /** Where it was read (URL or a short note). */
  source: string;
}

const ANTHROPIC = 'https://platform.claude.com/docs/en/models';
const OPENAI = 'https://openai.com/api/pricing/';
const GEMINI = 'https://ai.google.dev/gemini-api/docs/pricing';
const OPENROUTER = 'https://openrouter.ai/models';

const p = (inputPerMTok: number, outputPerMTok: number, source: string, asOf: string): PriceEntry => ({
  inputPerMTok,
  outputPerMTok,
  asOf,
  source,
});

/**
 * Built-in list prices keyed `provider:model`; `provider:*` covers every model of a provider. Standard
 * (non-batch, uncached) rates; Gemini 2.5 Pro at its ≤ 200k-token prompt tier. Tiered prices (Claude Haiku 5.5
 * "from" a rate) are left out on purpose: unknown beats wrong.
 */
export const PRICE_TABLE: Readonly<Record<string, PriceEntry>> = Object.freeze({
  'anthropic:claude-fable-5-1': p(10, 50, ANTHROPIC, '2026-11-20'),
  'anthropic:claude-opus-5-5': p(4, 20, ANTHROPIC, '2026-11-20'),
  'anthropic:claude-opus-5': p(5, 25, ANTHROPIC, '2026-11-20'),
  'anthropic:claude-sonnet-5-5': p(2, 10, ANTHROPIC, '2026-11-20'),
  'anthropic:claude-sonnet-5': p(2, 10, ANTHROPIC, '2026-11-20'),
  'anthropic:claude-haiku-4-5': p(1, 5, ANTHROPIC, '2026-11-20'),
  'anthropic:claude-sonnet-4-5': p(3, 15, ANTHROPIC, '2025-11-25'),
  'openai:gpt-5.4': p(2.5, 15, OPENAI, '2026-03-31'),
  'openai:gpt-5.4-mini': p(0.75, 4.5, OPENAI, '2026-03-31'),
  'openai:gpt-5': p(1.25, 10, OPENAI, '2025-11-01'),
  'openai:gpt-5-mini': p(0.25, 2, OPENAI, '2025-11-01'),
  'openai:gpt-5-nano': p(0.05, 0.4, OPENAI, '2025-11-01'),
  'openai:gpt-4.1': p(2, 8, OPENAI, '2025-11-01'),
  'openai:gpt-4.1-mini': p(0.4, 1.6, OPENAI, '2025-11-01'),
  'openai:gpt-4o': p(2.5, 10, OPENAI, '2025-11-01'),
  'openai:gpt-4o-mini': p(0.15, 0.6, OPENAI, '2025-11-01'),
  'gemini:gemini-2.5-pro': p(1.25, 10, GEMINI, '2025-11-01'),
  'gemini:gemini-2.5-flash': p(0.3, 2.5, GEMINI, '2025-11-01'),
  'gemini:gemini-2.5-flash-lite': p(0.1, 0.4, GEMINI, '2025-11-01'),
  'openrouter:meta-llama/llama-3.3-70b-instruct': p(0.13, 0.4, OPENROUTER, '2025-11-01'),
  // Local inference has no per-token charge.
  'ollama:*': p(0, 0, 'local inference: no per-token charge', '2026-11-26'),
});

/** Context windows (tokens) keyed `provider:model`; prefixes end with `*`. Unknown models get the configured default. */
export const CONTEXT_WINDOWS: Readonly<Record<string, number>> = Object.freeze({
  'anthropic:claude-haiku-4-5': 200_000,
  'anthropic:claude-sonnet-4-5': 200_000,
  'anthropic:*': 1_000_000,
  'openai:gpt-5*': 400_000,
  'openai:gpt-4.1*': 1_047_576,
  'openai:gpt-4o*': 128_000,
  'gemini:gemini-2.5*': 1_048_576,
  'gemini:gemini-2.0*': 1_048_576,
  'openrouter:meta-llama/llama-3.3-70b-instruct': 131_072,
  'huggingface:meta-llama/Llama-3.1-8B-Instruct': 131_072,
  // Ollama's window is what we send as num_ctx; 8k fits small local models' memory.
  'ollama:*': 8_192,
});

/** The entry for `key` in a table with exact keys and `*` prefix patterns (longest pattern wins). */
export function lookupPattern<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  if (Object.hasOwn(table, key)) return table[key];
  let best: { len: number; value: T } | undefined;
  for (const [pattern, value] of Object.entries(table)) {
    if (!pattern.endsWith('*')) continue;
    const prefix = pattern.slice(0, -1);
    if (key.startsWith(prefix) && (!best || prefix.length > best.len)) best = { len: prefix.length, value };
  }
  return best?.value;
}
