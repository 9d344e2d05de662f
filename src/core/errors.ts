/**
 * The one error family of code-engine: stable codes, HTTP statuses and safe messages.
 * Faces map an AppError once (REST → problem+json, MCP → isError result, CLI → exit code).
 */

/** The catalogue: every stable code, its HTTP status and a short human title. Keep docs/errors.md in sync (a test checks). */
export const ERROR_CATALOGUE = {
  E_VALIDATION: { status: 400, title: 'Invalid input' },
  E_CONFIG: { status: 400, title: 'Invalid configuration' },
  E_UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  E_MFA_REQUIRED: { status: 401, title: 'Multi-factor authentication required' },
  E_FORBIDDEN: { status: 403, title: 'Permission denied' },
  E_POLICY_DENIED: { status: 403, title: 'Denied by policy' },
  E_APPROVAL_REQUIRED: { status: 403, title: 'Approval required' },
  E_NOT_FOUND: { status: 404, title: 'Not found' },
  E_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  E_CONFLICT: { status: 409, title: 'Conflict' },
  E_LOCKED: { status: 423, title: 'Locked' },
  E_PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  E_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  E_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  E_CANCELLED: { status: 499, title: 'Cancelled' },
  E_INTERNAL: { status: 500, title: 'Internal error' },
  E_UNSUPPORTED: { status: 501, title: 'Not supported here' },
  E_UPSTREAM: { status: 502, title: 'Upstream failure' },
  E_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  E_CIRCUIT_OPEN: { status: 503, title: 'Circuit open' },
  E_BULKHEAD_FULL: { status: 503, title: 'Too many concurrent calls' },
  E_TIMEOUT: { status: 504, title: 'Timed out' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One problem with one field of an input, as shown to clients. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  /** Extra, client-safe facts (never secrets): shown in problem+json and MCP results. */
  details?: Record<string, unknown>;
  /** Field-level problems for E_VALIDATION / E_CONFIG. */
  issues?: FieldIssue[];
  /** For E_RATE_LIMITED / E_CIRCUIT_OPEN: when a retry may succeed, in ms from now. */
  retryAfterMs?: number;
  /** Whether retrying the same call may succeed (drives the retry policy). Defaults by code. */
  retryable?: boolean;
}

const BRAND = Symbol.for('code-engine.AppError');
const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set(['E_UPSTREAM', 'E_UNAVAILABLE', 'E_TIMEOUT', 'E_RATE_LIMITED']);

/**
 * A client-facing error with a stable code. Its message is shown to callers, so it must never carry
 * secrets or stack traces; wrap internal failures with `cause`.
 * @example throw new AppError('E_NOT_FOUND', 'No target "stagin". Known targets: staging, production.')
 */
export class AppError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly issues: FieldIssue[] | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = options.details;
    this.issues = options.issues;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
  }

  get title(): string {
    return ERROR_CATALOGUE[this.code].title;
  }
}

/** Brand check that works across module copies (as cockatiel's isBrokenCircuitError), not `instanceof`. */
export function isAppError(value: unknown): value is AppError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** True when `value` is an AppError carrying `code`. */
export function hasCode(value: unknown, code: ErrorCode): value is AppError {
  return isAppError(value) && value.code === code;
}

/**
 * Turn anything thrown into an AppError. Unknown errors become E_INTERNAL with a generic message;
 * the original stays in `cause` for the log only.
 */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return value;
  if (isAbortError(value)) return new AppError('E_CANCELLED', 'The operation was cancelled.', { cause: value });
  return new AppError('E_INTERNAL', 'Internal error.', { cause: value });
}

function isAbortError(value: unknown): boolean {
  return value instanceof Error && (value.name === 'AbortError' || (value as { code?: unknown }).code === 'ABORT_ERR');
}

/** Is this code one of the catalogue's? Used to validate codes coming from outside (e.g. a remote server). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}
