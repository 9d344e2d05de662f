/**
 * Config section of the `brave_search` tool server (src/tools/brave_search): the Brave Search API key, where the API
 * is, the defaults a search falls back to, and the short-lived result cache that saves quota on repeated searches.
 */
import { z } from 'zod';
import { secret } from './secret.js';

/** The `braveSearch` section. */
export const braveSearchSchema = z
  .strictObject({
    apiKey: secret(z.string().min(1))
      .optional()
      .describe(
        'Brave Search API subscription token, sent as X-Subscription-Token (env CODE_ENGINE_BRAVE_SEARCH_API_KEY or _FILE). ' +
          'Unset = the brave_search_* tools answer E_UNAVAILABLE. Local search and the summarizer need a plan that includes them.',
      ),
    baseUrl: z
      .url()
      .default('https://api.search.brave.com/res/v1')
      .describe('Brave Search API base URL (endpoints such as /web/search are below it).'),
    timeoutMs: z
      .number()
      .int()
      .min(1_000)
      .max(300_000)
      .default(20_000)
      .describe('Limit of one tool call in ms, retries, summary polling and the follow-up calls of local search included.'),
    retry: z
      .string()
      .min(1)
      .default('fast')
      .describe('Retry preset (resilience.retry presets) for 5xx, dropped connections and 429s whose reset fits in its budget.'),
    maxResponseBytes: z
      .number()
      .int()
      .min(1_024)
      .max(67_108_864)
      .default(4_194_304)
      .describe('Largest Brave answer read, in bytes, after gzip decompression; larger ones fail with E_PAYLOAD_TOO_LARGE.'),
    cacheTtlSeconds: z
      .number()
      .int()
      .min(0)
      .max(86_400)
      .default(300)
      .describe(
        'How long a successful answer is reused for the same endpoint and parameters, in seconds; 0 = no cache. Errors are never cached.',
      ),
    cacheMaxEntries: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(500)
      .describe('Most answers the cache holds; the least recently used one is dropped first.'),
    country: z
      .string()
      .regex(/^(?:[A-Z]{2}|ALL)$/, 'must be a two-letter country code such as US, or ALL')
      .optional()
      .describe('Country results come from when a call names none, e.g. US, DE or ALL. Unset = Brave’s default (US).'),
    safesearch: z
      .enum(['off', 'moderate', 'strict'])
      .default('moderate')
      .describe('Adult-content filter when a call names none. Image search knows only off and strict: moderate becomes strict there.'),
    summaryPollIntervalMs: z
      .number()
      .int()
      .min(10)
      .max(10_000)
      .default(500)
      .describe('Wait between polls of the summarizer while a summary is not complete, in ms.'),
    summaryMaxPolls: z.number().int().min(1).max(60).default(10).describe('Most summarizer polls of one brave_search_summarize call.'),
  })
  .prefault({});

/** The parsed `braveSearch` section. */
export type BraveSearchConfig = z.infer<typeof braveSearchSchema>;
