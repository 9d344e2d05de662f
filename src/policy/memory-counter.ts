/**
 * An in-process PolicyCounter: a sliding one-hour log of call times per key. The default for tests and
 * `policy test`; src/main shares counts between replicas through the rate limiter's store instead.
 */
import type { Clock } from '../core/deps.js';
import type { PolicyCounter } from './types.js';

const HOUR_MS = 3_600_000;

/**
 * @example const counter = createMemoryCounter(deps.clock); if (!(await counter.take('k', 60))) deny()
 */
export function createMemoryCounter(clock: Clock, options: { maxKeys?: number } = {}): PolicyCounter {
  const maxKeys = options.maxKeys ?? 10_000;
  /** Call times per key, oldest first; `start` skips entries that fell out of the window. */
  const logs = new Map<string, { times: number[]; start: number }>();
  const live = (key: string) => {
    const log = logs.get(key);
    if (!log) return undefined;
    const cutoff = clock.now() - HOUR_MS;
    while (log.start < log.times.length && (log.times[log.start] as number) <= cutoff) log.start++;
    // Compact once the dead prefix dominates, so memory stays proportional to the live window.
    if (log.start > 1024 && log.start * 2 > log.times.length) {
      log.times = log.times.slice(log.start);
      log.start = 0;
    }
    return log;
  };
  return {
    async remaining(key, perHour) {
      const log = live(key);
      return Math.max(0, perHour - (log ? log.times.length - log.start : 0));
    },
    async take(key, perHour) {
      // Check and count with no await in between: concurrent takes cannot both see the last free slot.
      let log = live(key);
      if (log && log.times.length - log.start >= perHour) return false;
      if (!log) {
        if (logs.size >= maxKeys) logs.delete(logs.keys().next().value as string);
        log = { times: [], start: 0 };
        logs.set(key, log);
      }
      log.times.push(clock.now());
      return true;
    },
  };
}
