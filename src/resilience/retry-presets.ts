/**
 * Retry policies as data: how many attempts, how the wait grows, and the time budget. Config can add or
 * override presets by name (resilience.retry.presets); these are the built-ins.
 */

/** One retry policy. All waits use exponential backoff with full jitter, capped at `maxDelayMs`. */
export interface RetryPolicy {
  /** Total attempts including the first (1 = no retry). */
  maxAttempts: number;
  /** Cap of the first wait; the cap doubles per retry: base·2^(n−1). */
  baseDelayMs: number;
  /** Largest computed wait. A server's Retry-After is not capped by it, only by the budget. */
  maxDelayMs: number;
  /** No retry starts later than this many ms after the first attempt began; a wait that would end past it ends the retries. */
  budgetMs: number;
}

/**
 * The built-in presets. `fast` suits interactive tool calls, `standard` most API calls, `patient` background work
 * (deploys, crawls, rate-limited LLM calls) that can wait out a provider's rate-limit window.
 */
export const RETRY_PRESETS = Object.freeze({
  fast: Object.freeze({ maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500, budgetMs: 2_000 }),
  standard: Object.freeze({ maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 4_000, budgetMs: 15_000 }),
  patient: Object.freeze({ maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 30_000, budgetMs: 180_000 }),
} satisfies Record<string, RetryPolicy>);

/** Names of the built-in presets. */
export type RetryPresetName = keyof typeof RETRY_PRESETS;

/**
 * The wait before retry number `retry` (1 = the wait after the first failure): full jitter, i.e. uniform in
 * [0, min(maxDelayMs, baseDelayMs·2^(retry−1))). Full jitter spreads clients that failed together (AWS
 * Architecture Blog, "Exponential Backoff And Jitter"). `random` returns [0, 1) and is injected.
 * @example backoffDelay(3, RETRY_PRESETS.standard, Math.random) // somewhere in [0, 1000)
 */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  // The exponent is capped so 0·2^n never becomes 0·Infinity = NaN on absurd retry counts.
  const cap = Math.max(0, Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(0, retry - 1), 52)));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * cap);
}
