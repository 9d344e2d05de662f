/**
 * A small in-memory cache of Brave answers: entries live `ttlMs` on the injected clock and at most `maxEntries`
 * are kept, the least recently used dropped first (a Map keeps insertion order; a hit re-inserts). Repeated searches
 * by a model within minutes are common and each one costs quota.
 */
import type { Clock } from '../../core/deps.js';

/** Options of `createResultCache`. */
export interface ResultCacheOptions {
  /** Lifetime of an entry in ms; 0 turns the cache off. */
  ttlMs: number;
  maxEntries: number;
  clock: Pick<Clock, 'now'>;
}

/** The cache; values are stored as given (callers store parsed, immutable answers). */
export interface ResultCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  readonly size: number;
}

/**
 * Build a cache.
 * @example const cache = createResultCache({ ttlMs: 300_000, maxEntries: 500, clock })
 */
export function createResultCache(options: ResultCacheOptions): ResultCache {
  const { ttlMs, maxEntries, clock } = options;
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= clock.now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      if (ttlMs <= 0) return;
      entries.delete(key);
      entries.set(key, { value, expiresAt: clock.now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
