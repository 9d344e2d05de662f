/**
 * Which errors count against a circuit breaker. Timeouts and upstream 5xx do; a 4xx (bad input, not found,
 * rate limited) proves the dependency answered, so it counts as a success; a caller's cancellation, and a call
 * refused before it reached the dependency because it is not configured (details.reason `not_configured`), count
 * as nothing.
 */
import { type ErrorCode, isAppError } from '../core/errors.js';

/** How one settled call counts: against the breaker, for it, or not at all. */
export type CallOutcome = 'success' | 'failure' | 'ignore';

/** Classifies a thrown value. */
export type FailureClassifier = (error: unknown) => CallOutcome;

/** Codes counted as failures by default: the dependency timed out, failed or could not be reached. */
export const DEFAULT_FAILURE_CODES: readonly ErrorCode[] = Object.freeze(['E_TIMEOUT', 'E_UPSTREAM', 'E_UNAVAILABLE', 'E_INTERNAL']);

/** The reason a tool server gives when its dependency is not set up (no URL, no token): nothing was called. */
const NOT_CONFIGURED = (details: unknown): boolean => (details as { reason?: unknown } | undefined)?.reason === 'not_configured';

/**
 * A classifier from a list of failure codes: those codes and any non-AppError (a raw socket or client error)
 * are failures, E_CANCELLED is ignored, every other AppError is a success of the dependency.
 * @example const classify = classifyByCodes(['E_TIMEOUT', 'E_UPSTREAM']);
 */
export function classifyByCodes(failureCodes: readonly ErrorCode[] = DEFAULT_FAILURE_CODES): FailureClassifier {
  const failures = new Set<string>(failureCodes);
  return function classifyError(error) {
    if (!isAppError(error)) return 'failure';
    if (error.code === 'E_CANCELLED' || NOT_CONFIGURED(error.details)) return 'ignore';
    return failures.has(error.code) ? 'failure' : 'success';
  };
}
