/**
 * The Brave Search API client: GET `<baseUrl><endpoint>?<params>` through the shared SSRF-guarded HTTP client with
 * the key as `X-Subscription-Token`, gzip answers inflated under the size cap, the rate-limit headers read into a
 * quota, failures mapped to stable codes (brave-errors.ts), retries through `resilience.run`, answers validated
 * with zod and successful ones cached briefly (result-cache.ts).
 */
import { gunzipSync } from 'node:zlib';
import type { z } from 'zod';
import type { BraveSearchConfig } from '../../core/config/brave-search.js';
import type { Clock } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { Resilience } from '../../resilience/create-resilience.js';
import type { HttpClient, HttpResponse } from '../../resilience/http-client.js';
import { sleep } from '../../resilience/timers.js';
import { BRAVE_SEARCH_DEPENDENCY, braveStatusError } from './brave-errors.js';
import { parseQuota, type Quota, retryAfterMs } from './rate-limit.js';
import { createResultCache } from './result-cache.js';

/** Inputs of `createBraveSearchClient`. */
export interface BraveSearchClientOptions {
  http: HttpClient;
  resilience: Resilience;
  settings: BraveSearchConfig;
  /** The clock cache entries expire on. */
  clock: Pick<Clock, 'now'>;
}

/** Query parameters; undefined ones are left out, arrays repeat the name (`ids=a&ids=b`). */
export type BraveParams = Record<string, string | number | boolean | readonly string[] | undefined>;

/** A validated answer: from the cache or not, and the quota Brave reported with it (none when cached). */
export interface BraveAnswer<T> {
  data: T;
  cached: boolean;
  quota?: Quota | undefined;
}

/** Options of one call. */
export interface BraveGetOptions<T> {
  signal: AbortSignal;
  /** Cache this answer? Default: every successful one (the summarizer caches only complete summaries). */
  cacheIf?: (data: T) => boolean;
}

/** Calls the Brave Search API. */
export interface BraveSearchClient {
  readonly settings: BraveSearchConfig;
  /**
   * GET an endpoint and validate the answer against `schema`.
   * @example const { data, cached, quota } = await brave.get('/news/search', { q: 'rust 2.0', freshness: 'pw' }, newsAnswer, { signal })
   */
  get<S extends z.ZodType>(
    endpoint: string,
    params: BraveParams,
    schema: S,
    options: BraveGetOptions<z.infer<S>>,
  ): Promise<BraveAnswer<z.infer<S>>>;
  /** Wait `ms` on the resilience timers (between summarizer polls); rejects when `signal` aborts. */
  pause(ms: number, signal: AbortSignal): Promise<void>;
}

function toQuery(params: BraveParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) query.append(name, v);
    // Collapsed whitespace: `rust  lang` and `rust lang` are one search and one cache entry.
    else query.set(name, name === 'q' ? String(value).replace(/\s+/g, ' ').trim() : String(value));
  }
  return query;
}

/** The cache key: endpoint and parameters in a stable order. */
function cacheKey(endpoint: string, query: URLSearchParams): string {
  const sorted = [...query].sort(([a, av], [b, bv]) => a.localeCompare(b) || av.localeCompare(bv));
  return `${endpoint}?${new URLSearchParams(sorted).toString()}`;
}

/**
 * Build the client; without `braveSearch.apiKey` every call answers E_UNAVAILABLE saying so.
 * @example const brave = createBraveSearchClient({ http: services.http, resilience: services.resilience, settings: config.braveSearch, clock })
 */
export function createBraveSearchClient(options: BraveSearchClientOptions): BraveSearchClient {
  const { http, resilience, settings } = options;
  const base = settings.baseUrl.replace(/\/+$/, '');
  const cache = createResultCache({ ttlMs: settings.cacheTtlSeconds * 1000, maxEntries: settings.cacheMaxEntries, clock: options.clock });
  const scrub = (text: string) => (settings.apiKey ? text.split(settings.apiKey).join('[REDACTED]') : text);

  function body(res: HttpResponse, endpoint: string): string {
    const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
    if (encoding !== 'gzip') return res.text();
    try {
      return gunzipSync(res.body, { maxOutputLength: settings.maxResponseBytes }).toString('utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new AppError('E_PAYLOAD_TOO_LARGE', `Brave Search answered ${endpoint} with more than ${settings.maxResponseBytes} bytes.`, {
          details: { dependency: BRAVE_SEARCH_DEPENDENCY, endpoint, maxResponseBytes: settings.maxResponseBytes },
        });
      }
      throw new AppError('E_UPSTREAM', `Brave Search answered ${endpoint} with a broken gzip body.`, { cause: e, retryable: false });
    }
  }

  async function fetchAnswer<S extends z.ZodType>(endpoint: string, query: URLSearchParams, schema: S, signal: AbortSignal) {
    const headers = { 'x-subscription-token': settings.apiKey as string, accept: 'application/json', 'accept-encoding': 'gzip' };
    // No redirects: Brave's API has none, and a cross-origin hop must never carry the subscription token.
    const res = await http.request(`${base}${endpoint}?${query}`, {
      method: 'GET',
      headers,
      signal,
      maxResponseBytes: settings.maxResponseBytes,
      followRedirects: false,
    });
    const quota = parseQuota(res.headers);
    const text = scrub(body(res, endpoint));
    if (res.status !== 200) {
      throw braveStatusError({ endpoint, status: res.status, text, retryAfterMs: retryAfterMs(res.headers, quota), quota });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new AppError('E_UPSTREAM', `Brave Search answered ${endpoint} with a body that is not JSON.`, { cause: e, retryable: false });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'E_UPSTREAM',
        `Brave Search answered ${endpoint} with an unexpected body (${issue?.path.join('.') || 'body'}: ${issue?.message}).`,
        { retryable: false, details: { dependency: BRAVE_SEARCH_DEPENDENCY, endpoint, reason: 'schema' } },
      );
    }
    return { data: parsed.data as z.infer<S>, quota };
  }

  async function get<S extends z.ZodType>(
    endpoint: string,
    params: BraveParams,
    schema: S,
    o: BraveGetOptions<z.infer<S>>,
  ): Promise<BraveAnswer<z.infer<S>>> {
    if (!settings.apiKey) {
      throw new AppError(
        'E_UNAVAILABLE',
        'braveSearch.apiKey is not set: configure a Brave Search API key (CODE_ENGINE_BRAVE_SEARCH_API_KEY or _FILE) to use the brave_search_* tools.',
        { retryable: false, details: { reason: 'not_configured' } },
      );
    }
    const query = toQuery(params);
    const key = cacheKey(endpoint, query);
    const hit = cache.get(key);
    if (hit !== undefined) return { data: hit as z.infer<S>, cached: true };
    const answer = await resilience.run(BRAVE_SEARCH_DEPENDENCY, ({ signal }) => fetchAnswer(endpoint, query, schema, signal), {
      retry: settings.retry,
      signal: o.signal,
      // The gateway runs every brave_search_* operation under the `brave_search` breaker and bulkhead and the call's deadline.
      timeoutMs: 0,
      breaker: false,
      bulkhead: false,
    });
    if (o.cacheIf?.(answer.data) ?? true) cache.set(key, answer.data);
    return { data: answer.data, cached: false, quota: answer.quota };
  }

  return { settings, get, pause: (ms, signal) => sleep(ms, { timers: resilience.time.timers, signal }) };
}
