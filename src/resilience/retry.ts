/**
 * Retry with exponential backoff and full jitter, bounded by attempts, a time budget and the caller's
 * deadline. Only errors marked retryable are retried (AppError.retryable: E_UPSTREAM, E_UNAVAILABLE,
 * E_TIMEOUT, E_RATE_LIMITED by default), and a server's Retry-After (AppError.retryAfterMs) replaces the
 * computed wait.
 */
import { isAppError } from '../core/errors.js';
import type { Deadline, TimeSource } from './deadline.js';
import { backoffDelay, type RetryPolicy } from './retry-presets.js';
import { sleep } from './timers.js';

/** What `retry` reads time and randomness from. */
export interface RetryDeps extends TimeSource {
  /** Uniform in [0, 1); injected so tests fix the jitter. */
  random: () => number;
}

/** Facts about one scheduled retry, given to `onRetry` (for logs and metrics). */
export interface RetryEvent {
  /** The attempt that just failed (1-based). */
  attempt: number;
  /** How long `retry` waits before the next attempt. */
  delayMs: number;
  /** True when the wait came from the server (Retry-After / rate-limit reset). */
  serverDelay: boolean;
  error: unknown;
}

/** Options of one `retry` call. */
export interface RetryOptions {
  policy: RetryPolicy;
  /** Retries stop when it aborts, and waits never run past its end. */
  deadline?: Deadline | undefined;
  /** Cancels waits (use `deadline` when you have one: its signal already includes the caller's). */
  signal?: AbortSignal | undefined;
  /** Which errors may succeed on a second try. Default: `isAppError(e) && e.retryable`. */
  isRetryable?: ((error: unknown) => boolean) | undefined;
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** The default retry filter: only AppErrors that say a retry may succeed. */
export function isRetryableError(error: unknown): boolean {
  return isAppError(error) && error.retryable;
}

/**
 * Call `fn` until it succeeds, the error is not retryable, attempts run out, the next wait would overrun the
 * budget or deadline, or the signal aborts. The last error is rethrown unchanged (so its code and
 * retryAfterMs reach the caller).
 * @example await retry((attempt) => client.get(url), { policy: RETRY_PRESETS.fast, deadline }, { clock, timers, random });
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions, deps: RetryDeps): Promise<T> {
  const { policy, deadline } = options;
  const isRetryable = options.isRetryable ?? isRetryableError;
  const aborted = () => deadline?.aborted ?? options.signal?.aborted ?? false;
  const startedAt = deps.clock.monotonic();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || aborted() || !isRetryable(error)) throw error;
      const serverDelay = isAppError(error) && error.retryAfterMs !== undefined;
      const delayMs = serverDelay ? Math.max(0, error.retryAfterMs ?? 0) : backoffDelay(attempt, policy, deps.random);
      const budgetLeft = policy.budgetMs - (deps.clock.monotonic() - startedAt);
      const left = Math.min(budgetLeft, deadline?.remainingMs() ?? Number.POSITIVE_INFINITY);
      // Waiting until the very end would leave no time for the attempt itself.
      if (delayMs >= left) throw error;
      options.onRetry?.({ attempt, delayMs, serverDelay, error });
      if (delayMs > 0) await sleep(delayMs, { timers: deps.timers, signal: deadline?.signal ?? options.signal });
    }
  }
}
