/**
 * Brave Search API failures mapped to our stable codes. Brave answers errors as
 * `{"type": "ErrorResponse", "error": {"id", "status", "code", "detail", "meta"}}`; its code stays in
 * `details.braveError`, and the message says what to do.
 */
import { z } from 'zod';
import { AppError, type FieldIssue } from '../../core/errors.js';
import { describeQuota, type Quota } from './rate-limit.js';

/** The breaker/bulkhead name of the Brave Search API (the operations' `dependency`). */
export const BRAVE_SEARCH_DEPENDENCY = 'brave_search';

const errorBody = z.looseObject({
  error: z.looseObject({
    status: z.number().optional(),
    code: z.string().optional(),
    detail: z.string().optional(),
    meta: z
      .looseObject({
        errors: z
          .array(z.looseObject({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string().optional() }))
          .optional(),
      })
      .nullish(),
  }),
});

function parseBody(text: string): z.infer<typeof errorBody>['error'] | undefined {
  try {
    const parsed = errorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}

/** Brave's field errors (`loc: ["query", "country"]`) as our issues. */
function issuesOf(error: NonNullable<ReturnType<typeof parseBody>>): FieldIssue[] {
  return (error.meta?.errors ?? []).slice(0, 10).map((e) => ({
    path: (e.loc ?? []).filter((part) => part !== 'query').join('.') || 'query',
    message: e.msg ?? 'invalid',
  }));
}

/** What the client knew when the answer was not 200. */
export interface BraveFailure {
  /** The endpoint path, e.g. `/web/search`. */
  endpoint: string;
  status: number;
  /** The body, with the API key already scrubbed. */
  text: string;
  retryAfterMs?: number | undefined;
  quota?: Quota | undefined;
}

/**
 * Map a non-200 answer: 429 → E_RATE_LIMITED with the wait, a refused key → E_UPSTREAM naming braveSearch.apiKey,
 * an option outside the plan → E_UNSUPPORTED, 400/422 → E_VALIDATION with Brave's field errors, 5xx → retryable E_UPSTREAM.
 */
export function braveStatusError(f: BraveFailure): AppError {
  const error = parseBody(f.text);
  const code = error?.code;
  const detail = error?.detail ?? f.text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const details = { dependency: BRAVE_SEARCH_DEPENDENCY, endpoint: f.endpoint, status: f.status, ...(code ? { braveError: code } : {}) };
  const said = detail ? `: ${detail}` : '.';
  if (f.status === 429 || code === 'RATE_LIMITED' || code === 'QUOTA_LIMITED') {
    const wait = f.retryAfterMs !== undefined ? ` Retry in ${Math.ceil(f.retryAfterMs / 1000)} s.` : '';
    const quota = f.quota ? ` Quota: ${describeQuota(f.quota)}.` : '';
    return new AppError('E_RATE_LIMITED', `Brave Search is rate limiting ${f.endpoint} (${code ?? f.status})${said}${wait}${quota}`, {
      details: { ...details, ...(f.quota ? { quota: f.quota } : {}) },
      ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}),
    });
  }
  if (code === 'SUBSCRIPTION_TOKEN_INVALID' || f.status === 401 || f.status === 403) {
    return new AppError(
      'E_UPSTREAM',
      `Brave Search refused the configured API key (${code ?? f.status}): check braveSearch.apiKey (CODE_ENGINE_BRAVE_SEARCH_API_KEY).`,
      { retryable: false, details: { ...details, reason: 'upstream_auth' } },
    );
  }
  if (code === 'OPTION_NOT_IN_PLAN' || code === 'RESOURCE_NOT_ALLOWED') {
    return new AppError('E_UNSUPPORTED', `The Brave Search plan of the configured key does not include ${f.endpoint} (${code})${said}`, {
      details: { ...details, reason: 'plan' },
    });
  }
  if (f.status === 400 || f.status === 422) {
    const issues = error ? issuesOf(error) : [];
    const fields = issues.length ? ` (${issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : '';
    return new AppError('E_VALIDATION', `Brave Search refused the parameters of ${f.endpoint}${said}${fields}`, {
      details,
      ...(issues.length ? { issues } : {}),
    });
  }
  return new AppError('E_UPSTREAM', `Brave Search failed on ${f.endpoint} (${f.status})${said}`, {
    details,
    retryable: f.status >= 500 || f.status === 408,
  });
}
