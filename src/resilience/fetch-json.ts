/**
 * `fetchJson`: one outbound JSON call composed of everything a call to the outside needs — the SSRF guard and size
 * cap (through the shared HTTP client), deadline, retry, bulkhead and circuit breaker (through `resilience.run`),
 * status mapping to stable codes and zod validation of the answer.
 */
import type { z } from 'zod';
import { AppError, type ErrorCode } from '../core/errors.js';
import { redactString, redactUrl } from '../security/redact.js';
import type { Resilience, RunOptions } from './create-resilience.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import { retryAfterFromHeaders } from './retry-after.js';

export interface FetchJsonDeps {
  http: HttpClient;
  resilience: Resilience;
}

/** One JSON call. */
export interface FetchJsonOptions<S extends z.ZodType> {
  /** What the answer must look like; a mismatch is E_UPSTREAM (not retried). */
  schema: S;
  /** Breaker/bulkhead name, e.g. `provider:anthropic`. Default `http:<host>`. */
  dependency?: string;
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with `content-type: application/json`. */
  body?: unknown;
  /** Limit of the whole call (attempts and waits included), in ms. Default: resilience.timeoutMs. */
  timeoutMs?: number;
  /** Limit of each attempt, in ms. */
  attemptTimeoutMs?: number;
  /** Retry policy (see RunOptions.retry). Default: the default preset for GET/HEAD/OPTIONS, none otherwise. */
  retry?: RunOptions['retry'];
  signal?: AbortSignal;
  deadline?: RunOptions['deadline'];
  maxResponseBytes?: number;
}

/** Fetch and validate JSON. */
export type FetchJson = <S extends z.ZodType>(url: string | URL, options: FetchJsonOptions<S>) => Promise<z.infer<S>>;

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS']);
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'E_VALIDATION',
  404: 'E_NOT_FOUND',
  408: 'E_TIMEOUT',
  409: 'E_CONFLICT',
  413: 'E_PAYLOAD_TOO_LARGE',
  422: 'E_VALIDATION',
  429: 'E_RATE_LIMITED',
};
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * Bind `fetchJson` to the shared HTTP client and resilience service.
 * @example
 * const fetchJson = createFetchJson({ http: services.http, resilience: services.resilience });
 * const repo = await fetchJson('https://api.github.com/repos/o/r', { schema: Repo, dependency: 'github', timeoutMs: 10_000 });
 */
export function createFetchJson(deps: FetchJsonDeps): FetchJson {
  return async function fetchJson<S extends z.ZodType>(url: string | URL, options: FetchJsonOptions<S>): Promise<z.infer<S>> {
    const method = (options.method ?? 'GET').toUpperCase();
    const dependency = options.dependency ?? `http:${new URL(url).host}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const run: RunOptions = {
      retry: options.retry ?? IDEMPOTENT.has(method),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.attemptTimeoutMs !== undefined ? { attemptTimeoutMs: options.attemptTimeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.deadline ? { deadline: options.deadline } : {}),
    };
    return deps.resilience.run(
      dependency,
      async ({ signal }) => {
        const res = await deps.http.request(url, {
          method,
          headers,
          signal,
          ...(body !== undefined ? { body } : {}),
          ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: options.maxResponseBytes } : {}),
        });
        if (res.status < 200 || res.status >= 300) throw statusError(res, method, dependency, deps.resilience.time.clock.now());
        const value = res.status === 204 || res.body.length === 0 ? undefined : res.json();
        const parsed = options.schema.safeParse(value);
        if (!parsed.success) {
          const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
          throw new AppError('E_UPSTREAM', `${dependency} answered with an unexpected body: ${issues.join('; ')}.`, {
            retryable: false,
            details: { dependency, reason: 'schema' },
          });
        }
        return parsed.data;
      },
      run,
    );
  };
}

/** Map a non-2xx answer to a stable code; 5xx and rate limits are retryable, carrying the server's Retry-After. */
function statusError(res: HttpResponse, method: string, dependency: string, nowMs: number): AppError {
  const code = STATUS_CODES[res.status] ?? 'E_UPSTREAM';
  const retryable = RETRYABLE_STATUSES.has(res.status);
  const retryAfterMs = retryable ? retryAfterFromHeaders(res.headers, nowMs) : undefined;
  const excerpt = redactString(res.text().replace(/\s+/g, ' ').trim().slice(0, 200));
  return new AppError(code, `${dependency}: ${method} ${redactUrl(res.url)} answered ${res.status}${excerpt ? `: ${excerpt}` : '.'}`, {
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    details: { dependency, status: res.status },
  });
}
