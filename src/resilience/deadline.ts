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
  /**
   * Aborts at `expiresAt` or when any ancestor is cancelled. Pass it to everything that can hang. Created on first
   * read: an AbortController costs tens of µs in Node 20, so calls that never look at it do not pay for one.
   */
  readonly signal: AbortSignal;
  /** True once aborted (timed out or cancelled). */
  readonly aborted: boolean;
  /** Why it aborted (E_TIMEOUT or E_CANCELLED AppError), once it has. */
  readonly reason: AppError | undefined;
  /** Milliseconds left, ≥ 0; Infinity when unbounded. */
  remainingMs(): number;
  /**
   * Be told when the deadline aborts (at once if it already has); returns the unsubscribe function. Nested
   * deadlines link through this rather than `signal.addEventListener`, which costs microseconds per listener
   * in Node's EventTarget. Listeners must not throw.
   */
  onAbort(listener: (reason: AppError) => void): () => void;
}

/** A deadline created here: it can be cancelled, and must be disposed once its work settles. */
export interface OwnedDeadline extends Deadline {
  /** Abort now with `reason` (default E_CANCELLED); children abort with it too. */
  cancel(reason?: AppError): void;
  /** Clear the timer and unlink from parent and signal. Does not abort (a returned stream may still be read). */
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

const noop = () => undefined;

/** A deadline that never expires and is never cancelled: the root when a caller gives nothing. */
export const NO_DEADLINE: Deadline = Object.freeze({
  expiresAt: Number.POSITIVE_INFINITY,
  signal: new AbortController().signal,
  aborted: false,
  reason: undefined,
  remainingMs: () => Number.POSITIVE_INFINITY,
  onAbort: () => noop,
});

/**
 * Create a deadline of `timeoutMs` nested in `parent` and linked to `signal`. Only the limit that ends first
 * owns a timer: when the parent expires sooner, the child follows the parent and reports the parent's E_TIMEOUT.
 * @example const d = createDeadline({ timeoutMs: 5_000, parent: ctx.deadline }, time); try { … } finally { d.dispose(); }
 */
export function createDeadline(options: DeadlineOptions, time: TimeSource): OwnedDeadline {
  return new LinkedDeadline(options, time);
}

/**
 * The one Deadline implementation. A class, not an object literal with getters: V8 builds literals with
 * accessors on a slow path, and this object is created on every call.
 */
class LinkedDeadline implements OwnedDeadline {
  readonly expiresAt: number;
  #reason: AppError | undefined;
  #controller: AbortController | undefined;
  #listeners: Set<(reason: AppError) => void> | undefined;
  #handle: TimerHandle | undefined;
  #unlinkParent: (() => void) | undefined;
  #unlinkOutside: (() => void) | undefined;
  readonly #time: TimeSource;

  constructor(options: DeadlineOptions, time: TimeSource) {
    this.#time = time;
    const { parent, signal: outside, timeoutMs } = options;
    const now = time.clock.monotonic();
    const parentAt = parent?.expiresAt ?? Number.POSITIVE_INFINITY;
    const ownAt = timeoutMs === undefined ? Number.POSITIVE_INFINITY : now + Math.max(0, timeoutMs);
    this.expiresAt = Math.min(ownAt, parentAt);
    if (parent) this.#unlinkParent = parent.onAbort(this.#abort);
    if (outside && !this.#reason) {
      if (outside.aborted) this.#abort(abortReason(outside));
      else {
        const onOutside = () => this.#abort(abortReason(outside));
        outside.addEventListener('abort', onOutside, { once: true });
        this.#unlinkOutside = () => outside.removeEventListener('abort', onOutside);
      }
    }
    if (!this.#reason && ownAt < parentAt && timeoutMs !== undefined) {
      const expire = () => this.#abort(timeoutError(timeoutMs, options.label));
      if (ownAt <= now) expire();
      else this.#handle = time.timers.setTimeout(expire, ownAt - now);
    }
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#reason !== undefined;
  }

  get reason(): AppError | undefined {
    return this.#reason;
  }

  remainingMs(): number {
    return this.#reason ? 0 : Math.max(0, this.expiresAt - this.#time.clock.monotonic());
  }

  onAbort(listener: (reason: AppError) => void): () => void {
    if (this.#reason) {
      listener(this.#reason);
      return noop;
    }
    this.#listeners ??= new Set();
    const listeners = this.#listeners;
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  cancel(reason?: AppError): void {
    this.#abort(reason ?? new AppError('E_CANCELLED', 'The operation was cancelled.'));
  }

  dispose(): void {
    if (this.#handle !== undefined) this.#time.timers.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#unlinkParent?.();
    this.#unlinkOutside?.();
    this.#unlinkParent = this.#unlinkOutside = undefined;
  }

  /** An arrow property so it can be handed to a parent's onAbort as is. */
  readonly #abort = (reason: AppError): void => {
    if (this.#reason) return;
    this.#reason = reason;
    this.dispose();
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const listener of listeners) listener(reason);
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
  if (deadline.reason) return Promise.reject(deadline.reason);
  return new Promise<T>((resolve, reject) => {
    deadline.onAbort(reject);
    let result: Promise<T> | T;
    try {
      result = fn(deadline);
    } catch (error) {
      deadline.dispose();
      reject(deadline.reason ?? error);
      return;
    }
    Promise.resolve(result).then(
      (value) => {
        deadline.dispose();
        resolve(value);
      },
      (error: unknown) => {
        deadline.dispose();
        // A task that noticed the abort throws its own AbortError; report the deadline's reason instead.
        reject(deadline.reason ?? error);
      },
    );
  });
}
