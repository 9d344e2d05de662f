import { describe, expect, it } from 'vitest';
import { describeQuota, parseQuota, retryAfterMs } from './rate-limit.js';

const headers = (remaining: string, reset: string) => ({
  'x-ratelimit-limit': '1, 15000',
  'x-ratelimit-policy': '1;w=1, 15000;w=2592000',
  'x-ratelimit-remaining': remaining,
  'x-ratelimit-reset': reset,
});

describe('Brave rate-limit headers', () => {
  it('reads one window per comma-separated value', () => {
    expect(parseQuota(headers('1, 1000', '1, 1419704'))).toEqual([
      { windowSeconds: 1, limit: 1, remaining: 1, resetSeconds: 1 },
      { windowSeconds: 2_592_000, limit: 15_000, remaining: 1_000, resetSeconds: 1_419_704 },
    ]);
  });

  it('reads remaining counts without the other headers, and nothing without them', () => {
    expect(parseQuota({ 'x-ratelimit-remaining': '7' })).toEqual([{ remaining: 7 }]);
    expect(parseQuota({})).toBeUndefined();
  });

  it('waits for the exhausted window: the second, or the month when it is spent', () => {
    const h1 = headers('0, 1000', '1, 1419704');
    expect(retryAfterMs(h1, parseQuota(h1))).toBe(1_000);
    const h2 = headers('0, 0', '1, 1419704');
    expect(retryAfterMs(h2, parseQuota(h2))).toBe(1_419_704_000);
  });

  it('prefers Retry-After, and falls back to the earliest reset', () => {
    const h = { ...headers('1, 1000', '1, 1419704'), 'retry-after': '3' };
    expect(retryAfterMs(h, parseQuota(h))).toBe(3_000);
    const h2 = headers('1, 1000', '2, 1419704');
    expect(retryAfterMs(h2, parseQuota(h2))).toBe(2_000);
    expect(retryAfterMs({}, undefined)).toBeUndefined();
  });

  it('describes the windows in words', () => {
    expect(describeQuota(parseQuota(headers('0, 999', '1, 5')))).toBe('0/1 left this second, 999/15000 left this month');
  });
});
