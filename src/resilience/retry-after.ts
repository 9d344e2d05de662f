/**
 * How long a server asked us to wait: Retry-After (seconds or HTTP date), retry-after-ms, and providers'
 * rate-limit reset headers (OpenAI `x-ratelimit-reset-requests: 6m0s`, Anthropic
 * `anthropic-ratelimit-requests-reset: <RFC 3339>`, GitHub `x-ratelimit-reset: <epoch s>`, IETF `ratelimit-reset`).
 * HTTP clients put the result in `AppError.retryAfterMs`, which `retry` honours.
 */

/** Response headers as undici/fetch `Headers` or Node's `IncomingHttpHeaders`. */
export type HeaderSource =
  | { forEach(callback: (value: string, name: string) => void): void }
  | Record<string, string | readonly string[] | undefined>;

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/;
const GO_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Numbers above this are epoch seconds (year 2001+), below it a delay in seconds. */
const EPOCH_SECONDS_FLOOR = 1_000_000_000;

function toMap(headers: HeaderSource): Map<string, string> {
  const map = new Map<string, string>();
  if (typeof (headers as { forEach?: unknown }).forEach === 'function' && !Array.isArray(headers)) {
    (headers as { forEach(cb: (v: string, k: string) => void): void }).forEach((value, name) => {
      map.set(name.toLowerCase(), value);
    });
    return map;
  }
  for (const [name, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (value === undefined) continue;
    map.set(name.toLowerCase(), typeof value === 'string' ? value : (value[0] ?? ''));
  }
  return map;
}

/** Milliseconds until a reset written as a Go duration, a number (delay s or epoch s) or a date. */
function parseReset(value: string, nowMs: number): number | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (GO_DURATION.test(v)) {
    let total = 0;
    for (const [, amount, unit] of v.matchAll(GO_PART)) total += Number(amount) * (UNIT_MS[unit ?? 's'] ?? 0);
    return Math.ceil(total);
  }
  if (/^\d+(?:\.\d+)?$/.test(v)) {
    const n = Number(v);
    return Math.max(0, Math.ceil(n >= EPOCH_SECONDS_FLOOR ? n * 1000 - nowMs : n * 1000));
  }
  return parseDate(v, nowMs);
}

function parseDate(value: string, nowMs: number): number | undefined {
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The wait a response asks for, in ms from `nowMs` (epoch ms from the injected clock), or undefined.
 * Order: `retry-after-ms`, then `retry-after` (delay-seconds or HTTP date, RFC 9110 §10.2.3), then the
 * `*reset*` rate-limit headers: the latest reset among limits whose paired `*remaining*` header is 0,
 * or else the earliest reset given.
 * @example retryAfterFromHeaders(res.headers, clock.now()) // 'retry-after: 2' → 2000
 */
export function retryAfterFromHeaders(headers: HeaderSource, nowMs: number): number | undefined {
  const map = toMap(headers);
  const ms = map.get('retry-after-ms');
  if (ms !== undefined && /^\d+(?:\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const retryAfter = map.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(?:\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const fromDate = parseDate(retryAfter, nowMs);
    if (fromDate !== undefined) return fromDate;
  }
  let exhausted: number | undefined;
  let earliest: number | undefined;
  for (const [name, value] of map) {
    if (!/(^|-)reset($|-)/.test(name) || !name.includes('ratelimit')) continue;
    const wait = parseReset(value, nowMs);
    if (wait === undefined) continue;
    earliest = earliest === undefined ? wait : Math.min(earliest, wait);
    const remaining = map.get(name.replace(/(^|-)reset($|-)/, '$1remaining$2'));
    if (remaining !== undefined && Number(remaining.trim()) === 0) exhausted = Math.max(exhausted ?? 0, wait);
  }
  return exhausted ?? earliest;
}
