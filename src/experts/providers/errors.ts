/**
 * Maps vendor failures (HTTP statuses, error bodies, network and abort errors) to AppErrors, and reads
 * `retry-after` in its forms. Shared by every provider so the same status means the same code everywhere.
 */
import { AppError, type ErrorCode, isAppError } from '../../core/errors.js';
import type { ProviderId } from '../types.js';

/** Display names used in messages. */
export const PROVIDER_NAMES: Record<ProviderId, string> = {
  anthropic: 'Anthropic',
  openai: 'OpenAI',
  gemini: 'Google Gemini',
  openrouter: 'OpenRouter',
  ollama: 'Ollama',
  huggingface: 'Hugging Face',
};

/** Anything with a `get(name)` (fetch Headers, the SDKs' headers). */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Milliseconds to wait from `retry-after-ms`, `retry-after` (seconds or an HTTP date); undefined when absent
 * or unparseable. Negative waits become 0.
 */
export function parseRetryAfter(headers: HeaderReader | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.max(0, Math.round(Number(ms)));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.max(0, Math.round(Number(value) * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Parse Go-style durations used by OpenAI rate-limit headers ("1s", "6m0s", "250ms") into ms. */
export function parseDurationMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = false;
  for (const m of value.matchAll(re)) {
    matched = true;
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3_600_000 : m[2] === 'm' ? n * 60_000 : m[2] === 's' ? n * 1000 : n;
  }
  return matched ? Math.round(total) : undefined;
}

/** What we know about one failed HTTP exchange with a vendor. */
export interface HttpFailure {
  provider: ProviderId;
  status: number | undefined;
  /** The vendor's own error message (client-safe: vendors do not echo keys). */
  message?: string | undefined;
  /** Vendor error code or type (e.g. `overloaded_error`, `insufficient_quota`, `RESOURCE_EXHAUSTED`). */
  vendorCode?: string | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** Statuses we treat as transient (retried with backoff, counted by the breaker). */
const TRANSIENT = new Set([408, 409, 425, 500, 502, 503, 504, 520, 522, 524, 529]);

/** One HTTP failure → one AppError with a stable code, retryability and a message saying what to try. */
export function httpFailureToError(f: HttpFailure): AppError {
  const name = PROVIDER_NAMES[f.provider];
  const said = f.message ? `: ${truncate(f.message, 300)}` : '.';
  const details: Record<string, unknown> = { provider: f.provider, status: f.status ?? null };
  if (f.vendorCode) details.vendorCode = f.vendorCode;
  const base = { cause: f.cause, details, ...(f.retryAfterMs === undefined ? {} : { retryAfterMs: f.retryAfterMs }) };
  const status = f.status ?? 0;
  const vendor = (f.vendorCode ?? '').toLowerCase();

  if (vendor === 'insufficient_quota' || status === 402) {
    return new AppError('E_UPSTREAM', `${name} refuses the call: the account has no credit or quota left${said}`, {
      ...base,
      retryable: false,
    });
  }
  if (status === 429 || vendor === 'resource_exhausted' || vendor === 'rate_limit_error') {
    return new AppError('E_RATE_LIMITED', `${name} rate limit reached${said}`, base);
  }
  if (status === 529 || vendor === 'overloaded_error' || vendor === 'unavailable' || status === 503) {
    return new AppError('E_UNAVAILABLE', `${name} is overloaded or unavailable (${status || vendor})${said}`, base);
  }
  if (status === 401 || status === 403) {
    return new AppError('E_UPSTREAM', `${name} rejected the credentials (HTTP ${status})${said} Check providers.${f.provider}.apiKey.`, {
      ...base,
      retryable: false,
    });
  }
  if (status === 404) {
    return new AppError('E_NOT_FOUND', `${name} does not know this model or endpoint${said}`, { ...base, retryable: false });
  }
  if (status === 504) return new AppError('E_TIMEOUT', `${name} timed out (HTTP 504)${said}`, base);
  const code: ErrorCode = 'E_UPSTREAM';
  const retryable = TRANSIENT.has(status) || status >= 500 || status === 0;
  return new AppError(code, `${name} failed (HTTP ${status || 'error'})${said}`, { ...base, retryable });
}

/**
 * Network-level failure (connection refused, reset, DNS) before any HTTP status. An AppError from the fetch
 * itself (the SSRF guard's E_FORBIDDEN) is passed through: it already says what to change.
 */
export function networkError(provider: ProviderId, cause: unknown): AppError {
  if (isAppError(cause)) return cause;
  const reason = cause instanceof Error ? (((cause.cause as { code?: string })?.code ?? cause.message) as string) : String(cause);
  return new AppError('E_UNAVAILABLE', `${PROVIDER_NAMES[provider]} is unreachable (${truncate(reason, 120)}).`, {
    cause,
    details: { provider },
  });
}

/** An abort: the deadline/timeout code the signal carries, or E_CANCELLED. */
export function abortError(provider: ProviderId, signal: AbortSignal | undefined, cause?: unknown): AppError {
  const reason: unknown = signal?.reason;
  if (isAppError(reason)) return reason;
  return new AppError('E_CANCELLED', `The call to ${PROVIDER_NAMES[provider]} was cancelled.`, { cause: cause ?? reason });
}

/** A response that did not match the vendor's documented shape. */
export function malformedResponse(provider: ProviderId, what: string, cause?: unknown): AppError {
  return new AppError('E_UPSTREAM', `${PROVIDER_NAMES[provider]} returned an unexpected ${what}.`, {
    cause,
    details: { provider },
    retryable: false,
  });
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** Is `e` an abort (DOM AbortError, SDK user-abort)? */
export function isAbort(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return e.name === 'AbortError' || e.name === 'APIUserAbortError' || e.constructor?.name === 'APIUserAbortError';
}

/** Vendor message and code read from an SDK error's body. */
export interface VendorErrorFields {
  message?: string | undefined;
  vendorCode?: string | undefined;
  /** An HTTP-like status carried inside the body (OpenRouter, stream error events). */
  status?: number | undefined;
  retryAfterMs?: number | undefined;
}

/**
 * Map anything an official SDK throws (APIError with status/headers/body, connection errors, aborts) to an
 * AppError. `read` extracts the vendor's message and code from the error body.
 */
export function sdkErrorToAppError(
  provider: ProviderId,
  e: unknown,
  signal: AbortSignal | undefined,
  nowMs: number,
  read: (body: unknown) => VendorErrorFields,
): AppError {
  if (isAppError(e)) return e;
  if (signal?.aborted || isAbort(e)) return abortError(provider, signal, e);
  const err = e as { status?: unknown; headers?: HeaderReader; error?: unknown; constructor?: { name?: string } };
  const kind = err?.constructor?.name ?? '';
  if (typeof err?.status === 'number' || err?.error !== undefined) {
    const fields = read(err.error);
    const status = typeof err.status === 'number' ? err.status : fields.status;
    return httpFailureToError({
      provider,
      status,
      message: fields.message,
      vendorCode: fields.vendorCode,
      retryAfterMs: parseRetryAfter(err.headers, nowMs) ?? fields.retryAfterMs,
      cause: e,
    });
  }
  if (kind.includes('Timeout')) return new AppError('E_TIMEOUT', `${PROVIDER_NAMES[provider]} did not answer in time.`, { cause: e });
  if (kind.includes('Connection')) return networkError(provider, (e as { cause?: unknown }).cause ?? e);
  return new AppError('E_UPSTREAM', `${PROVIDER_NAMES[provider]} call failed unexpectedly.`, { cause: e, details: { provider } });
}
