import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, RETRY_PRESETS } from './retry-presets.js';

describe('backoff', () => {
  it('doubles the cap per retry up to maxDelayMs (full jitter)', () => {
    const top = () => 0.999_999;
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, top))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('never exceeds maxDelayMs nor goes negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseDelayMs, maxDelayMs, r) => {
          const delay = backoffDelay(retry, { baseDelayMs, maxDelayMs }, () => r);
          const growth = retry > 52 ? Number.POSITIVE_INFINITY : baseDelayMs * 2 ** (retry - 1);
          return Number.isInteger(delay) && delay >= 0 && delay <= maxDelayMs && delay <= growth;
        },
      ),
    );
  });

  it('ships fast, standard and patient presets within their own budgets', () => {
    expect(Object.keys(RETRY_PRESETS)).toEqual(['fast', 'standard', 'patient']);
    for (const p of Object.values(RETRY_PRESETS)) {
      expect(p.maxAttempts).toBeGreaterThan(1);
      expect(p.maxDelayMs).toBeLessThanOrEqual(p.budgetMs);
    }
  });
});
