/**
 * A bulkhead: at most `maxConcurrent` calls to one dependency at a time, up to `maxQueue` more waiting in
 * order, the rest rejected at once with E_BULKHEAD_FULL. A waiting call whose signal aborts leaves the queue
 * immediately. (cockatiel 3.2's bulkhead keeps aborted waiters queued and can stall the queue behind them,
 * connor4312/cockatiel#114, hence this small one.)
 */
import { AppError } from '../core/errors.js';
import { abortReason } from './cancellation.js';
import type { Deadline } from './deadline.js';

/** Limits of one bulkhead (config resilience.bulkhead and resilience.bulkheads.<name>). */
export interface BulkheadSettings {
  /** Calls running at once. */
  maxConcurrent: number;
  /** Calls waiting for a slot; 0 = reject as soon as all slots are busy. */
  maxQueue: number;
}

/** Defaults: 10 at once, 100 waiting. */
export const DEFAULT_BULKHEAD_SETTINGS: Readonly<BulkheadSettings> = Object.freeze({ maxConcurrent: 10, maxQueue: 100 });

/** A point-in-time view of one bulkhead. */
export interface BulkheadSnapshot {
  name: string;
  running: number;
  queued: number;
  rejected: number;
  settings: BulkheadSettings;
}

/** Options of `createBulkhead`. */
export interface BulkheadOptions {
  name: string;
  settings?: Partial<BulkheadSettings>;
  /** Called for each call turned away (metrics). */
  onReject?: () => void;
}

/** One bulkhead. */
export interface Bulkhead {
  readonly name: string;
  readonly running: number;
  readonly queued: number;
  /**
   * Run `fn` when a slot is free; rejects with E_BULKHEAD_FULL when slots and queue are full, or with the abort
   * reason when `cancel` (a signal or a deadline) aborts first.
   */
  execute<T>(fn: () => Promise<T> | T, cancel?: AbortSignal | Deadline): Promise<T>;
  snapshot(): BulkheadSnapshot;
}

interface Waiter {
  resolve: () => void;
  unlink: () => void;
}

const noop = () => undefined;
const isDeadline = (cancel: AbortSignal | Deadline): cancel is Deadline => typeof (cancel as Deadline).onAbort === 'function';

/** Call `onAbort` with the AppError reason when `cancel` aborts; returns the unlink function. */
function whenAborted(cancel: AbortSignal | Deadline | undefined, onAbort: (reason: AppError) => void): () => void {
  if (!cancel) return noop;
  if (isDeadline(cancel)) return cancel.onAbort(onAbort);
  const listener = () => onAbort(abortReason(cancel));
  cancel.addEventListener('abort', listener, { once: true });
  return () => cancel.removeEventListener('abort', listener);
}

function reasonIfAborted(cancel: AbortSignal | Deadline | undefined): AppError | undefined {
  if (!cancel) return undefined;
  if (isDeadline(cancel)) return cancel.reason;
  return cancel.aborted ? abortReason(cancel) : undefined;
}

/**
 * Create a bulkhead. Slots pass straight from a finishing call to the first waiter, so a burst of new calls
 * cannot overtake the queue.
 * @example const bh = createBulkhead({ name: 'k8s:prod', settings: { maxConcurrent: 4 } }); await bh.execute(() => kube.list(), signal);
 */
export function createBulkhead(options: BulkheadOptions): Bulkhead {
  const { name, onReject } = options;
  const settings: BulkheadSettings = { ...DEFAULT_BULKHEAD_SETTINGS, ...options.settings };
  const queue: Waiter[] = [];
  let running = 0;
  let rejected = 0;

  function full(): AppError {
    rejected++;
    onReject?.();
    return new AppError(
      'E_BULKHEAD_FULL',
      `Too many concurrent calls to "${name}": ${settings.maxConcurrent} running and ${settings.maxQueue} waiting. Try again shortly.`,
      { details: { bulkhead: name, maxConcurrent: settings.maxConcurrent, maxQueue: settings.maxQueue } },
    );
  }

  function wait(cancel: AbortSignal | Deadline | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, unlink: noop };
      queue.push(waiter);
      waiter.unlink = whenAborted(cancel, (reason) => {
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        reject(reason);
      });
    });
  }

  function release(): void {
    const next = queue.shift();
    if (!next) {
      running--;
      return;
    }
    // Hand the slot over: `running` stays the same.
    next.unlink();
    next.resolve();
  }

  return {
    name,
    get running() {
      return running;
    },
    get queued() {
      return queue.length;
    },
    async execute<T>(fn: () => Promise<T> | T, cancel?: AbortSignal | Deadline): Promise<T> {
      const aborted = reasonIfAborted(cancel);
      if (aborted) throw aborted;
      if (running < settings.maxConcurrent) running++;
      else if (queue.length < settings.maxQueue) await wait(cancel);
      else throw full();
      try {
        return await fn();
      } finally {
        release();
      }
    },
    snapshot: () => ({ name, running, queued: queue.length, rejected, settings: { ...settings } }),
  };
}
