import { describe, expect, it } from 'vitest';
import { timeWindowSchema } from '../core/config/policy.js';
import { inWindow, localTime } from './time-window.js';

const at = (iso: string) => Date.parse(iso);
const win = (w: object) => timeWindowSchema.parse(w);

describe('time windows', () => {
  it('reads weekday and minute in UTC', () => {
    // 2026-01-02 is a Friday.
    expect(localTime(at('2026-01-02T15:30:00Z'), 'UTC')).toEqual({ weekday: 4, minute: 15 * 60 + 30 });
  });

  it('reads weekday and minute in another time zone', () => {
    expect(localTime(at('2026-01-02T23:30:00Z'), 'Europe/Berlin')).toEqual({ weekday: 5, minute: 30 });
  });

  it.each([
    ['2026-01-02T12:00:00Z', true],
    ['2026-01-02T11:59:00Z', false],
    ['2026-01-03T12:00:00Z', false],
  ])('matches Friday afternoons at %s: %s', (time, expected) => {
    expect(inWindow(win({ days: ['fri'], between: '12:00-23:59' }), at(time))).toBe(expected);
  });

  it.each([
    ['2026-01-02T23:00:00Z', true],
    ['2026-01-02T05:59:00Z', true],
    ['2026-01-02T06:00:00Z', false],
  ])('wraps daily hours past midnight at %s: %s', (time, expected) => {
    expect(inWindow(win({ between: '22:00-06:00' }), at(time))).toBe(expected);
  });

  it('bounds an absolute range, start inclusive and end exclusive', () => {
    const w = win({ from: '2026-12-20T00:00:00Z', until: '2027-01-04T00:00:00Z' });
    expect(inWindow(w, at('2026-12-20T00:00:00Z'))).toBe(true);
    expect(inWindow(w, at('2027-01-04T00:00:00Z'))).toBe(false);
    expect(inWindow(w, at('2026-12-19T23:59:59Z'))).toBe(false);
  });

  it('applies the window in its time zone', () => {
    const w = win({ timezone: 'America/New_York', between: '09:00-17:00' });
    expect(inWindow(w, at('2026-06-01T13:00:00Z'))).toBe(true);
    expect(inWindow(w, at('2026-06-01T12:59:00Z'))).toBe(false);
  });

  it('rejects an unknown time zone', () => {
    expect(timeWindowSchema.safeParse({ timezone: 'Mars/Olympus' }).success).toBe(false);
  });
});
