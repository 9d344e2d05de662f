/**
 * Injected timers, so every wait in src/resilience runs on fake time in tests (vi.useFakeTimers or a
 * hand-driven scheduler) and never on a real sleep.
 */
import { abortReason } from './cancellation.js';

/** Opaque handle returned by `Timers.setTimeout`. */
export type TimerHandle = unknown;

/** The two timer calls resilience needs; `systemTimers` uses Node's global timers. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * Node's timers, looked up at call time (not captured at import) so `vi.useFakeTimers()` installed after
 * import still takes effect. Timers stay ref'd: an unref'd retry wait would let a CLI exit mid-retry.
 */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Wait `delayMs`, or reject with the signal's reason (E_TIMEOUT / E_CANCELLED) as soon as it aborts.
 * Used between retry attempts; cleans up its timer and listener either way.
 * @example await sleep(250, { timers: systemTimers, signal });
 */
export function sleep(delayMs: number, options: { timers: Timers; signal?: AbortSignal | undefined }): Promise<void> {
  const { timers, signal } = options;
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(abortReason(signal as AbortSignal));
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
