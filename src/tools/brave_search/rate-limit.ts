/**
 * Brave's rate-limit headers: `X-RateLimit-Limit`, `-Policy`, `-Remaining` and `-Reset` each list one value per
 * window, comma-separated, e.g. `1, 15000` with policy `1;w=1, 15000;w=2592000` (per second and per month).
 * https://api-dashboard.search.brave.com/app/documentation/web-search/response-headers
 */
import { z } from 'zod';

/** One quota window as reported by Brave after a call. */
export const quotaWindow = z.object({
  windowSeconds: z.number().int().optional().describe('Length of the window in seconds, e.g. 1 or 2592000 (a month)'),
  limit: z.number().int().optional().describe('Requests allowed in the window'),
  remaining: z.number().int().describe('Requests left in the window'),
  resetSeconds: z.number().int().optional().describe('Seconds until the window resets'),
});

/** The windows of one answer, shortest first as Brave lists them. */
export type Quota = z.infer<typeof quotaWindow>[];

type Headers = Record<string, string | string[] | undefined>;

function list(headers: Headers, name: string): string[] {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  return value === undefined || value.trim() === '' ? [] : value.split(',').map((v) => v.trim());
}

const int = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

/**
 * The quota windows in a response's headers, or undefined when Brave sent none.
 * @example parseQuota({ 'x-ratelimit-remaining': '1, 999', 'x-ratelimit-reset': '1, 86400' })
 */
export function parseQuota(headers: Headers): Quota | undefined {
  const remaining = list(headers, 'x-ratelimit-remaining');
  if (remaining.length === 0) return undefined;
  const limit = list(headers, 'x-ratelimit-limit');
  const reset = list(headers, 'x-ratelimit-reset');
  const policy = list(headers, 'x-ratelimit-policy');
  const windows: Quota = [];
  remaining.forEach((r, i) => {
    const left = int(r);
    if (left === undefined) return;
    const windowSeconds = int(/;\s*w=(\d+)/.exec(policy[i] ?? '')?.[1]);
    const max = int(limit[i]);
    const resetSeconds = int(reset[i]);
    windows.push({
      ...(windowSeconds !== undefined ? { windowSeconds } : {}),
      ...(max !== undefined ? { limit: max } : {}),
      remaining: left,
      ...(resetSeconds !== undefined ? { resetSeconds } : {}),
    });
  });
  return windows.length ? windows : undefined;
}

/**
 * How long to wait after a 429, in ms: `Retry-After` when Brave sends it, else the latest reset among the windows
 * with nothing left (an exhausted month is not cured by waiting out the second), else the earliest reset.
 */
export function retryAfterMs(headers: Headers, quota: Quota | undefined): number | undefined {
  const retryAfter = int(list(headers, 'retry-after')[0]);
  if (retryAfter !== undefined) return retryAfter * 1000;
  const resets = (quota ?? []).filter((w) => w.resetSeconds !== undefined);
  const exhausted = resets.filter((w) => w.remaining === 0);
  const pick = exhausted.length
    ? Math.max(...exhausted.map((w) => w.resetSeconds ?? 0))
    : Math.min(...resets.map((w) => w.resetSeconds ?? 0));
  return resets.length ? pick * 1000 : undefined;
}

const WINDOW_NAMES: Record<number, string> = { 1: 'second', 60: 'minute', 3600: 'hour', 86400: 'day', 2592000: 'month' };

/** A short human reading of the windows, e.g. `0/1 left this second, 999/1000 left this month`. */
export function describeQuota(quota: Quota | undefined): string {
  return (quota ?? [])
    .map((w) => {
      const window = w.windowSeconds === undefined ? '' : ` this ${WINDOW_NAMES[w.windowSeconds] ?? `${w.windowSeconds} s window`}`;
      return `${w.remaining}${w.limit !== undefined ? `/${w.limit}` : ''} left${window}`;
    })
    .join(', ');
}
