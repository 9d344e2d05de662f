/**
 * The Prometheus HTTP API client: one call = the shared SSRF-guarded HTTP client (size cap included) under
 * `resilience.run` for retries, basic or bearer auth from config, the `{status, data}` envelope unwrapped and
 * validated, and Prometheus's error types mapped to stable codes with its own message.
 */
import type { z } from 'zod';
import type { PrometheusConfig } from '../../core/config/prometheus.js';
import { AppError } from '../../core/errors.js';
import type { Resilience } from '../../resilience/create-resilience.js';
import type { HttpClient, HttpResponse } from '../../resilience/http-client.js';
import { retryAfterFromHeaders } from '../../resilience/retry-after.js';
import { redactString } from '../../security/redact.js';
import { envelope } from './api-schemas.js';

/** The breaker/bulkhead name of the Prometheus server (the operations' `dependency`). */
export const PROMETHEUS_DEPENDENCY = 'prometheus';

/** Inputs of `createPrometheusClient`. */
export interface PrometheusClientOptions {
  http: HttpClient;
  resilience: Resilience;
  settings: PrometheusConfig;
}

/** A validated answer and the server's warnings. */
export interface PrometheusResult<T> {
  data: T;
  warnings: string[];
}

/** Calls the Prometheus HTTP API. */
export interface PrometheusClient {
  readonly settings: PrometheusConfig;
  /**
   * Call `/api/v1/<path>`. Parameters go in a form body for POST (long PromQL), in the query string for GET.
   * @example const { data } = await client.call('labels', new URLSearchParams(), stringList, { signal })
   */
  call<S extends z.ZodType>(
    path: string,
    params: URLSearchParams,
    schema: S,
    options: { signal: AbortSignal; method?: 'GET' | 'POST' },
  ): Promise<PrometheusResult<z.infer<S>>>;
}

/**
 * Build the client; a server without `prometheus.url` answers every call with E_UNAVAILABLE.
 * @example const prometheus = createPrometheusClient({ http: services.http, resilience: services.resilience, settings: config.prometheus })
 */
export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const { http, resilience, settings } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (settings.bearerToken) headers.authorization = `Bearer ${settings.bearerToken}`;
  else if (settings.username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ''}`).toString('base64')}`;
  }

  async function call<S extends z.ZodType>(
    path: string,
    params: URLSearchParams,
    schema: S,
    o: { signal: AbortSignal; method?: 'GET' | 'POST' },
  ): Promise<PrometheusResult<z.infer<S>>> {
    if (!settings.url) {
      throw new AppError('E_UNAVAILABLE', 'prometheus.url is not set: point it at your Prometheus server, e.g. http://prometheus:9090.', {
        retryable: false,
        details: { reason: 'not_configured' },
      });
    }
    const method = o.method ?? 'GET';
    const base = settings.url.replace(/\/+$/, '');
    const url = `${base}/api/v1/${path}${method === 'GET' && params.size > 0 ? `?${params}` : ''}`;
    const body = method === 'POST' ? params.toString() : undefined;
    return resilience.run(
      PROMETHEUS_DEPENDENCY,
      async ({ signal }) => {
        const res = await http.request(url, {
          method,
          headers: body === undefined ? headers : { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          signal,
          maxResponseBytes: settings.maxResponseBytes,
          ...(body !== undefined ? { body } : {}),
        });
        return unwrap(res, path, schema, resilience.time.clock.now());
      },
      // The gateway runs the operation under the `prometheus` breaker and the call's deadline; this adds retries only.
      { retry: settings.retry, signal: o.signal, timeoutMs: 0, breaker: false, bulkhead: false },
    );
  }

  return { settings, call };
}

function unwrap<S extends z.ZodType>(res: HttpResponse, path: string, schema: S, nowMs: number): PrometheusResult<z.infer<S>> {
  let parsed: z.infer<typeof envelope> | undefined;
  try {
    const e = envelope.safeParse(res.json());
    parsed = e.success ? e.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (res.status < 200 || res.status >= 300 || parsed?.status !== 'success') throw statusError(res, path, parsed, nowMs);
  const data = schema.safeParse(parsed.data);
  if (!data.success) {
    const issue = data.error.issues[0];
    throw new AppError(
      'E_UPSTREAM',
      `Prometheus answered /api/v1/${path} with an unexpected body (${issue?.path.join('.') || 'data'}: ${issue?.message}).`,
      {
        retryable: false,
        details: { dependency: PROMETHEUS_DEPENDENCY, reason: 'schema' },
      },
    );
  }
  return { data: data.data, warnings: [...(parsed.warnings ?? []), ...(parsed.infos ?? [])] };
}

/** Prometheus error types (bad_data, execution, timeout, canceled, unavailable, internal) and HTTP statuses → stable codes. */
function statusError(res: HttpResponse, path: string, body: z.infer<typeof envelope> | undefined, nowMs: number): AppError {
  const reason = redactString(body?.error ?? res.text().replace(/\s+/g, ' ').trim().slice(0, 300));
  const details = { dependency: PROMETHEUS_DEPENDENCY, status: res.status, ...(body?.errorType ? { errorType: body.errorType } : {}) };
  const said = reason ? `: ${reason.replace(/\.$/, '')}.` : '.';
  switch (body?.errorType) {
    case 'bad_data':
    case 'execution':
      return new AppError('E_VALIDATION', `Prometheus rejected the request${said}`, { details, retryable: false });
    case 'timeout':
    case 'canceled':
      return new AppError(
        'E_TIMEOUT',
        `Prometheus stopped evaluating the query (${body.errorType})${said} Narrow it or shorten the range.`,
        {
          details,
          retryable: false,
        },
      );
  }
  if (res.status === 401 || res.status === 403) {
    return new AppError(
      'E_UPSTREAM',
      `Prometheus refused our credentials (${res.status}): check prometheus.bearerToken or username/password.`,
      {
        details: { ...details, reason: 'upstream_auth' },
        retryable: false,
      },
    );
  }
  if (res.status === 404) {
    return new AppError('E_UPSTREAM', `No Prometheus API at ${res.url.split('?')[0]} (404): check prometheus.url.`, {
      details,
      retryable: false,
    });
  }
  if (res.status === 429) {
    const retryAfterMs = retryAfterFromHeaders(res.headers, nowMs);
    return new AppError('E_RATE_LIMITED', `Prometheus is rate limiting us${said}`, {
      details,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new AppError('E_UPSTREAM', `Prometheus failed on /api/v1/${path} (${res.status})${said}`, {
    details,
    retryable: res.status >= 500 || res.status === 408,
  });
}
