import { describe, expect, it } from 'vitest';
import { createLineMatcher } from './line-matcher.js';

describe('line matcher', () => {
  it('returns matching lines with the column of the first match', async () => {
    const m = createLineMatcher({ pattern: 'b+', literal: false, ignoreCase: false, timeoutMs: 5_000 });
    try {
      expect(await m.match('abc\nxyz\r\nbbb', 10)).toEqual([
        { line: 0, column: 1 },
        { line: 2, column: 0 },
      ]);
    } finally {
      await m.close();
    }
  });

  it('matches literally and case-insensitively on request', async () => {
    const m = createLineMatcher({ pattern: 'A.B', literal: true, ignoreCase: true, timeoutMs: 5_000 });
    try {
      expect(await m.match('axb\na.b', 10)).toEqual([{ line: 1, column: 0 }]);
    } finally {
      await m.close();
    }
  });

  it('stops at max hits', async () => {
    const m = createLineMatcher({ pattern: 'x', literal: true, ignoreCase: false, timeoutMs: 5_000 });
    try {
      expect(await m.match('x\nx\nx\nx', 2)).toHaveLength(2);
    } finally {
      await m.close();
    }
  });

  it('refuses an invalid pattern with E_VALIDATION', () => {
    expect(() => createLineMatcher({ pattern: '(', literal: false, ignoreCase: false, timeoutMs: 1_000 })).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
  });

  it('stops a catastrophic pattern at the deadline while this thread stays responsive', async () => {
    const m = createLineMatcher({ pattern: '^(a+)+$', literal: false, ignoreCase: false, timeoutMs: 300 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      await expect(m.match(`${'a'.repeat(40)}!`, 10)).rejects.toMatchObject({ code: 'E_TIMEOUT' });
      expect(ticks).toBeGreaterThan(5);
    } finally {
      clearInterval(ticker);
      await m.close();
    }
  });
});
