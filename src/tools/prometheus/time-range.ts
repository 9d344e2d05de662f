/**
 * Times, durations and range sanity for the Prometheus tools: RFC 3339, Unix seconds and `now-1h` style relative
 * times resolved on the injected clock, Prometheus durations (`90s`, `1h30m`), and the checks that refuse a range
 * query asking for more points than a series may have (a 1 s step over 30 days is 2.6 million).
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800, y: 31_536_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const DURATION_PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** A Prometheus duration (`15s`, `1h30m`, `2d`) or a number of seconds; returns seconds, undefined if malformed. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  const v = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(v)) return Number(v) > 0 ? Number(v) : undefined;
  if (!DURATION.test(v)) return undefined;
  let total = 0;
  for (const [, n, unit] of v.matchAll(DURATION_PART)) total += Number(n) * (UNIT_SECONDS[unit!] ?? 0);
  return total > 0 ? total : undefined;
}

/**
 * A time as Unix seconds: RFC 3339 (`2025-01-01T00:00:00Z`), Unix seconds, `now`, or `now-1h` / `-1h` relative to `nowMs`.
 * Undefined if malformed.
 */
export function parseTime(value: string | number, nowMs: number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const v = value.trim();
  if (v === 'now') return nowMs / 1000;
  const relative = /^(?:now)?-(.+)$/.exec(v);
  if (relative) {
    const back = parseDuration(relative[1]!);
    return back === undefined ? undefined : nowMs / 1000 - back;
  }
  if (/^\d+(?:\.\d+)?$/.test(v)) return Number(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

/** Input schema of a time argument (validated for shape here, resolved against the clock at call time). */
export const timeArg = z
  .union([z.number(), z.string().max(64)])
  .refine((v) => parseTime(v, 0) !== undefined, 'must be RFC 3339, Unix seconds, "now" or relative like "now-1h"');

/** Input schema of a step argument. */
export const durationArg = z
  .union([z.number().positive(), z.string().max(32)])
  .refine((v) => parseDuration(v) !== undefined, 'must be a duration like "30s", "5m", "1h" or a number of seconds');

/** The limits `checkRange` enforces. */
export interface RangeLimits {
  maxPointsPerSeries: number;
  maxRangeDays: number;
}

/** Human form of seconds for messages: `30d`, `2h`, `90s`. */
export function formatSeconds(s: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (s >= size && s % size === 0) return `${s / size}${unit}`;
  }
  return `${Math.round(s * 1000) / 1000}s`;
}

/** Resolve and check start/end (and step): E_VALIDATION naming the limit and a step that would fit. */
export function checkRange(
  input: { start: string | number; end: string | number; step?: string | number },
  nowMs: number,
  limits: RangeLimits,
): { start: number; end: number; step?: number } {
  const start = parseTime(input.start, nowMs)!;
  const end = parseTime(input.end, nowMs)!;
  if (end < start)
    throw new AppError('E_VALIDATION', 'end is before start.', { issues: [{ path: 'end', message: 'must not be before start' }] });
  const range = end - start;
  if (range > limits.maxRangeDays * 86_400) {
    throw new AppError(
      'E_VALIDATION',
      `The range ${formatSeconds(range)} is longer than ${limits.maxRangeDays}d (prometheus.maxRangeDays).`,
      {
        issues: [{ path: 'start', message: `range longer than ${limits.maxRangeDays}d` }],
      },
    );
  }
  if (input.step === undefined) return { start, end };
  const step = parseDuration(input.step)!;
  const points = Math.floor(range / step) + 1;
  if (points > limits.maxPointsPerSeries) {
    const minStep = Math.ceil(range / (limits.maxPointsPerSeries - 1));
    throw new AppError(
      'E_VALIDATION',
      `A ${formatSeconds(step)} step over ${formatSeconds(range)} asks for ${points} points per series; the limit is ` +
        `${limits.maxPointsPerSeries} (prometheus.maxPointsPerSeries). Use a step of at least ${formatSeconds(minStep)}.`,
      { issues: [{ path: 'step', message: `too small for the range: at least ${minStep}s` }] },
    );
  }
  return { start, end, step };
}
