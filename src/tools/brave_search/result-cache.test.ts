import { describe, expect, it } from 'vitest';
import { createResultCache } from './result-cache.js';

describe('result cache', () => {
  it('forgets entries after their time to live', () => {
    let now = 0;
    const cache = createResultCache({ ttlMs: 1_000, maxEntries: 10, clock: { now: () => now } });
    cache.set('a', 1);
    now = 999;
    expect(cache.get('a')).toBe(1);
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entry beyond maxEntries', () => {
    const cache = createResultCache({ ttlMs: 1_000, maxEntries: 2, clock: { now: () => 0 } });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('stores nothing with a time to live of 0', () => {
    const cache = createResultCache({ ttlMs: 0, maxEntries: 2, clock: { now: () => 0 } });
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
  });
});
