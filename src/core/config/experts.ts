/**
 * Config section of the Circle of Experts (src/experts/): models per provider, defaults, deadlines, budgets,
 * prices, consensus and the optional chair. Provider keys and base URLs live in `providers`.
 */
import { z } from 'zod';

const models = (defaults: string[], vendor: string) =>
  z.array(z.string().min(1)).default(defaults).describe(`${vendor} models offered as experts (ids as the vendor names them).`);

const expertId = z
  .string()
  .regex(/^(anthropic|openai|gemini|openrouter|ollama|huggingface):.+$/, 'Expected provider:model, e.g. anthropic:claude-sonnet-5-5');

const price = z.strictObject({
  inputPerMTok: z.number().min(0).describe('USD per million input tokens.'),
  outputPerMTok: z.number().min(0).describe('USD per million output tokens.'),
  asOf: z.string().optional().describe('Date the price was read.'),
  source: z.string().optional().describe('Where it was read.'),
});

export const expertsSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Offer the Circle of Experts (`ask`, experts_* operations).'),
    models: z
      .strictObject({
        anthropic: models(['claude-sonnet-5-5'], 'Anthropic'),
        openai: models(['gpt-5.4-mini'], 'OpenAI'),
        gemini: models(['gemini-2.5-flash'], 'Google Gemini'),
        openrouter: models(['meta-llama/llama-3.3-70b-instruct'], 'OpenRouter'),
        ollama: models(['llama3.2'], 'Ollama (local; used when providers.ollama.baseUrl is set)'),
        huggingface: models(['meta-llama/Llama-3.1-8B-Instruct'], 'Hugging Face'),
      })
      .prefault({})
      .describe('Models per provider; a provider takes part when enabled and keyed in `providers`.'),
    defaultExperts: z
      .array(expertId)
      .default([])
      .describe('Experts asked when a query names none, as provider:model; empty = auto-select by type, health, weight and cost.'),
    maxExperts: z.number().int().min(1).max(12).default(3).describe('Most experts auto-selection asks per query.'),
    minExperts: z.number().int().min(1).max(12).default(1).describe('Fewest answers for a result to count as complete.'),
    deadlineMs: z
      .number()
      .int()
      .min(0)
      .max(900_000)
      .default(120_000)
      .describe('Global deadline of a consult in ms (0 = none); late experts are cancelled.'),
    perExpertTimeoutMs: z
      .number()
      .int()
      .min(0)
      .max(900_000)
      .default(90_000)
      .describe('Limit of one expert (retries included) in ms (0 = none).'),
    retryPreset: z
      .string()
      .min(1)
      .default('standard')
      .describe('resilience.retry preset for provider calls (fast, standard, patient or a configured one).'),
    maxOutputTokens: z
      .number()
      .int()
      .min(16)
      .max(65_536)
      .default(4_096)
      .describe('Output cap per expert answer in tokens, reasoning included (also the worst case for estimates).'),
    temperature: z.number().min(0).max(2).default(0.2).describe('Sampling temperature (ignored by models that only accept their default).'),
    defaultContextTokens: z
      .number()
      .int()
      .min(1_024)
      .default(32_000)
      .describe('Context window assumed for models missing from the built-in table.'),
    contextTokens: z
      .record(expertId, z.number().int().min(1_024))
      .default({})
      .describe('Context window per provider:model, overriding the built-in table.'),
    prices: z
      .record(z.string().min(3), price)
      .default({})
      .describe('Prices per provider:model (or provider:*), overriding the built-in table; models in neither have an unknown cost.'),
    dailyBudgetUsd: z.number().positive().optional().describe('Spend limit per user per UTC day in USD; unset = none.'),
    defaultBudgetUsd: z.number().positive().optional().describe('Per-query budget in USD when a query sets none; unset = none.'),
    devilsAdvocate: z
      .boolean()
      .default(true)
      .describe('With 3+ experts, the lowest-weighted one argues against (counters agreement bias).'),
    similarityThreshold: z
      .number()
      .min(0.05)
      .max(0.95)
      .default(0.3)
      .describe('Mean TF-IDF cosine at which answers count as agreeing (0–1).'),
    stream: z.boolean().default(true).describe('Stream answers from providers (live progress); off = one request/response each.'),
    chair: z
      .strictObject({
        enabled: z.boolean().default(false).describe('Synthesise a final answer from all responses by default.'),
        expert: expertId.optional().describe('The chair model as provider:model; default: the highest-weighted answering expert.'),
        maxOutputTokens: z.number().int().min(64).max(65_536).default(2_048).describe('Output cap of the synthesis, in tokens.'),
      })
      .prefault({}),
    openrouter: z
      .strictObject({
        referer: z.url().optional().describe('Sent as HTTP-Referer (OpenRouter app attribution).'),
        title: z.string().min(1).default('code-engine').describe('Sent as X-Title (OpenRouter app attribution).'),
      })
      .prefault({}),
  })
  .prefault({});
