import { describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.js';
import { checkRange, parseDuration, parseTime } from './time-range.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const limits = { maxPointsPerSeries: 11_000, maxRangeDays: 90 };

function thrown(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a throw');
}

describe('Prometheus times and ranges', () => {
  it('parses compound durations and plain seconds', () => {
    expect(parseDuration('1h30m')).toBe(5_400);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration('15')).toBe(15);
    expect(parseDuration('1.5h')).toBeUndefined();
    expect(parseDuration('0s')).toBeUndefined();
  });

  it('resolves relative, RFC 3339 and Unix times against the clock', () => {
    expect(parseTime('now', NOW)).toBe(NOW / 1000);
    expect(parseTime('now-1h', NOW)).toBe(NOW / 1000 - 3_600);
    expect(parseTime('-5m', NOW)).toBe(NOW / 1000 - 300);
    expect(parseTime('2025-06-01T00:00:00Z', NOW)).toBe(Date.parse('2025-06-01T00:00:00Z') / 1000);
    expect(parseTime('1717200000', NOW)).toBe(1_717_200_000);
    expect(parseTime('yesterday', NOW)).toBeUndefined();
  });

  it('refuses a 1 s step over 30 days and names a step that fits', () => {
    const e = thrown(() => checkRange({ start: 'now-30d', end: 'now', step: '1s' }, NOW, limits));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain('2592001 points');
    expect(e.message).toContain('at least 236s');
  });

  it('accepts a step that keeps the points under the limit', () => {
    expect(checkRange({ start: 'now-30d', end: 'now', step: '5m' }, NOW, limits)).toEqual({
      start: NOW / 1000 - 2_592_000,
      end: NOW / 1000,
      step: 300,
    });
  });

  it('refuses an end before the start', () => {
    expect(thrown(() => checkRange({ start: 'now', end: 'now-1h' }, NOW, limits)).code).toBe('E_VALIDATION');
  });

  it('refuses a range longer than maxRangeDays', () => {
    expect(thrown(() => checkRange({ start: 'now-100d', end: 'now', step: '1d' }, NOW, limits)).message).toContain(
      'prometheus.maxRangeDays',
    );
  });
});
