/**
 * Deadlines: a context that carries the remaining time and an AbortSignal down a call tree. A child deadline
 * never outlives its parent (it takes the earlier of its own limit and the parent's), so nested calls stop
 * when the outermost caller stops waiting.
 */
import type { Clock } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { abortReason } from './cancellation.js';
import type { TimerHandle, Timers } from './timers.js';

/** What deadlines read time from: the injected clock and timers. */
export interface TimeSource {
  clock: Clock;
  timers: Timers;
}

/**
 * The time left for a unit of work. `signal` aborts when time runs out (reason: E_TIMEOUT AppError) or when
 * a caller cancels (reason: whatever the caller gave, reported as E_CANCELLED).
 */
export interface Deadline {
  /** Monotonic milliseconds (Clock.monotonic) at which time runs out; Infinity when unbounded. */
  readonly expiresAt: number;
  /** Aborts at `expiresAt` or when any ancestor is cancelled. Pass it to everything that can hang. */
  readonly signal: AbortSignal;
  /** Milliseconds left, ≥ 0; Infinity when unbounded. */
  remainingMs(): number;
}

/** A deadline created here, which must be disposed once its work settles (clears its timer and listeners). */
export interface OwnedDeadline extends Deadline {
  dispose(): void;
}

/** Options of `createDeadline` / `withTimeout`. */
export interface DeadlineOptions {
  /** Own limit in ms from now (0 = already expired). Omit for no own limit: only the parent's applies. */
  timeoutMs?: number | undefined;
  /** The enclosing call's deadline: the child ends no later than it. */
  parent?: Deadline | undefined;
  /** An outside cancellation signal (e.g. the HTTP request's), linked in as well. */
  signal?: AbortSignal | undefined;
  /** Names the work in the E_TIMEOUT message, e.g. 'Call to "provider:anthropic"'. */
  label?: string | undefined;
}

/** A deadline that never expires and is never cancelled: the root when a caller gives nothing. */
export const NO_DEADLINE: Deadline = Object.freeze({
  expiresAt: Number.POSITIVE_INFINITY,
  signal: new AbortController().signal,
  remainingMs: () => Number.POSITIVE_INFINITY,
});

/**
 * Create a deadline of `timeoutMs` nested in `parent` and linked to `signal`. Only the limit that ends first
 * owns a timer: when the parent expires sooner, the child follows the parent's signal and reports the parent's
 * E_TIMEOUT.
 * @example const d = createDeadline({ timeoutMs: 5_000, parent: ctx.deadline }, time); try { … } finally { d.dispose(); }
 */
export function createDeadline(options: DeadlineOptions, time: TimeSource): OwnedDeadline {
  const { clock, timers } = time;
  const controller = new AbortController();
  const now = clock.monotonic();
  const parentAt = options.parent?.expiresAt ?? Number.POSITIVE_INFINITY;
  const ownAt = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : now + Math.max(0, options.timeoutMs);
  const expiresAt = Math.min(ownAt, parentAt);
  const linked: AbortSignal[] = [];
  let handle: TimerHandle | undefined;

  const dispose = function dispose() {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
    for (const source of linked) source.removeEventListener('abort', onAbort);
    linked.length = 0;
  };
  const onAbort = function onAbort(this: AbortSignal) {
    controller.abort(abortReason(this));
  };
  // Once aborted there is nothing left to wait for: free the timer and parent listeners early.
  controller.signal.addEventListener('abort', dispose, { once: true });

  for (const source of [options.parent?.signal, options.signal]) {
    if (!source || controller.signal.aborted) continue;
    if (source.aborted) {
      controller.abort(abortReason(source));
      continue;
    }
    source.addEventListener('abort', onAbort, { once: true });
    linked.push(source);
  }

  const timeoutMs = options.timeoutMs;
  if (!controller.signal.aborted && ownAt < parentAt && timeoutMs !== undefined) {
    const expire = () => controller.abort(timeoutError(timeoutMs, options.label));
    if (ownAt <= now) expire();
    else handle = timers.setTimeout(expire, ownAt - now);
  }

  return {
    expiresAt,
    signal: controller.signal,
    remainingMs: () => (controller.signal.aborted ? 0 : Math.max(0, expiresAt - clock.monotonic())),
    dispose,
  };
}

/** The E_TIMEOUT error a deadline of `timeoutMs` aborts with; `label` names the work that ran out of time. */
export function timeoutError(timeoutMs: number, label?: string): AppError {
  const message = label ? `${label} timed out after ${timeoutMs} ms.` : `Timed out after ${timeoutMs} ms.`;
  return new AppError('E_TIMEOUT', message, { details: { timeoutMs } });
}

/**
 * Run `fn` under a deadline: it receives the deadline (pass `deadline.signal` on) and the returned promise
 * rejects with E_TIMEOUT or E_CANCELLED the moment the deadline aborts, even if `fn` ignores its signal.
 * @example const body = await withTimeout((d) => fetch(url, { signal: d.signal }), { timeoutMs: 2_000 }, time);
 */
export function withTimeout<T>(fn: (deadline: Deadline) => Promise<T> | T, options: DeadlineOptions, time: TimeSource): Promise<T> {
  const deadline = createDeadline(options, time);
  const { signal } = deadline;
  if (signal.aborted) {
    deadline.dispose();
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      signal.removeEventListener('abort', onAbort);
      deadline.dispose();
    };
    let result: Promise<T> | T;
    try {
      result = fn(deadline);
    } catch (error) {
      settle();
      reject(error);
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        // A task that noticed the abort throws its own AbortError; report the deadline's reason instead.
        reject(signal.aborted ? abortReason(signal) : error);
      },
    );
  });
}
