/**
 * The one redactor: used by logs, audit rows, error messages and tool outputs.
 * Redacts by key name (case-insensitive, at any depth) and by value pattern (tokens, keys, credentials in URLs).
 */
import { NOT_SECRET_KEYS, REDACTED, SECRET_KEY_EXACT, SECRET_KEY_FRAGMENTS, VALUE_PATTERNS } from './redact-patterns.js';

export { REDACTED, VALUE_PATTERNS, type ValuePattern } from './redact-patterns.js';

const keyCache = new Map<string, boolean>();

/** True when a property named `key` holds a secret by name. */
export function isSecretKey(key: string): boolean {
  const cached = keyCache.get(key);
  if (cached !== undefined) return cached;
  const norm = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  const secret =
    !NOT_SECRET_KEYS.has(norm) && (SECRET_KEY_EXACT.has(norm) || SECRET_KEY_FRAGMENTS.some((fragment) => norm.includes(fragment)));
  // Bounded: keys come from code and schemas, but guard against attacker-chosen key floods.
  if (keyCache.size < 10_000) keyCache.set(key, secret);
  return secret;
}

/**
 * Redact secret-looking substrings of one string. Percent-encoded text (a token in a logged path or query) is also
 * checked decoded; when that finds a secret, the decoded, redacted text is returned.
 */
export function redactString(input: string): string {
  if (input.length < 8) return input;
  const out = applyPatterns(input);
  if (!out.includes('%')) return out;
  let decoded = out;
  // Up to three rounds: double and triple encoding are common filter bypasses.
  for (let round = 0; round < 3 && decoded.includes('%'); round++) {
    const next = percentDecode(decoded);
    if (next === decoded) break;
    decoded = next;
  }
  if (decoded === out) return out;
  const redactedDecoded = applyPatterns(decoded);
  return redactedDecoded === decoded ? out : redactedDecoded;
}

/** One case-insensitive scan for any pattern's hint: most log strings have none and skip every regex. */
const ANY_HINT = new RegExp(
  [...new Set(VALUE_PATTERNS.flatMap((p) => p.hints))].map((h) => h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'i',
);

function applyPatterns(input: string): string {
  if (!ANY_HINT.test(input)) return input;
  const lower = input.toLowerCase();
  let out = input;
  for (const { re, replace, hints } of VALUE_PATTERNS) {
    if (!hints.some((h) => lower.includes(h))) continue;
    re.lastIndex = 0;
    out = out.replace(re, replace as string);
  }
  return out;
}

/** Decode runs of %XX that form valid UTF-8; leave anything else as it is. */
function percentDecode(s: string): string {
  return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

export interface RedactOptions {
  /** Extra literal secret values to scrub wherever they appear (e.g. configured provider keys). At least 6 characters. */
  knownSecrets?: readonly string[];
  /** Maximum depth walked; deeper values are replaced by a marker. Default 12. */
  maxDepth?: number;
}

/**
 * Deep-copy `value` with secrets replaced: properties whose names mark secrets, and secret-looking substrings.
 * Plain objects, arrays, Maps, Sets, Errors, URLs and Headers are handled; Buffers and Dates are kept; other class
 * instances are left as they are for their own serializers. Cycles become "[Circular]".
 * @example log.info(redact({ headers: req.headers }), 'incoming')
 */
export function redact<T>(value: T, options: RedactOptions = {}): T {
  const scrub = options.knownSecrets?.length ? scrubberFor(options.knownSecrets) : redactString;
  const maxDepth = options.maxDepth ?? 12;
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (v === null || typeof v !== 'object') return v;
    if (depth > maxDepth) return '[Truncated]';
    if (seen.has(v)) return '[Circular]';
    if (v instanceof Date || Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return v;
    if (v instanceof URL) return scrub(redactUrl(v.href));
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
      if (v instanceof Map) {
        return new Map([...v].map(([k, item]) => [k, typeof k === 'string' && isSecretKey(k) ? mask(item) : walk(item, depth + 1)]));
      }
      if (v instanceof Set) return [...v].map((item) => walk(item, depth + 1));
      if (v instanceof Error) return redactError(v, walk, depth, scrub);
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        // Fetch/undici Headers: iterate their entries like a plain object.
        if (isHeadersLike(v)) return walkEntries(v.entries(), walk, depth);
        return v;
      }
      return walkEntries(Object.entries(v), walk, depth);
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, 0) as T;
}

/** A redactor with configured literal secrets bound in: the shared instance services hand out. */
export interface Redactor {
  redact<T>(value: T): T;
  redactString(input: string): string;
  redactUrl(url: string): string;
}

/**
 * Bind literal secrets (configured provider keys, passwords) to the redactor, including their JSON-escaped and
 * URL-encoded spellings.
 * @example const redactor = createRedactor({ knownSecrets: [config.providers.openai.apiKey] }); redactor.redact(event)
 */
export function createRedactor(options: { knownSecrets?: readonly string[] } = {}): Redactor {
  const knownSecrets = (options.knownSecrets ?? []).filter((s) => typeof s === 'string' && s.length >= 6);
  const scrub = knownSecretScrubber(knownSecrets);
  return Object.freeze({
    redact: <T>(value: T): T => redact(value, { knownSecrets }),
    redactString: scrub,
    redactUrl: (url: string) => scrub(redactUrl(url)),
  });
}

/** Scrubbers by secrets list: callers pass the same configured list on every call (audit rows, logs). */
const scrubbers = new WeakMap<readonly string[], (s: string) => string>();

function scrubberFor(secrets: readonly string[]): (s: string) => string {
  let scrub = scrubbers.get(secrets);
  if (!scrub) {
    scrub = knownSecretScrubber(secrets);
    // A frozen list cannot change under the cache; a mutable one is rebuilt on every call, as before.
    if (Object.isFrozen(secrets)) scrubbers.set(secrets, scrub);
  }
  return scrub;
}

function knownSecretScrubber(secrets: readonly string[]): (s: string) => string {
  const variants = [
    ...new Set(secrets.filter((s) => s.length >= 6).flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)])),
  ].sort((a, b) => b.length - a.length);
  if (variants.length === 0) return redactString;
  return (s: string) => {
    let out = redactString(s);
    for (const secret of variants) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}

function walkEntries(entries: Iterable<[string, unknown]>, walk: (v: unknown, depth: number) => unknown, depth: number) {
  const out: Record<string, unknown> = {};
  for (const [k, item] of entries) out[k] = isSecretKey(k) ? mask(item) : walk(item, depth + 1);
  return out;
}

function isHeadersLike(v: object): v is { entries(): IterableIterator<[string, string]> } {
  const h = v as { entries?: unknown; get?: unknown; has?: unknown; append?: unknown };
  return typeof h.entries === 'function' && typeof h.get === 'function' && typeof h.has === 'function' && typeof h.append === 'function';
}

/** Secret-named values: strings and buffers are masked, structured values are masked whole, counts stay. */
function mask(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string' && value.length === 0) return value;
  return REDACTED;
}

function redactError(
  error: Error,
  walk: (v: unknown, depth: number) => unknown,
  depth: number,
  scrub: (s: string) => string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { type: error.name, message: scrub(error.message) };
  if (error.stack) out.stack = scrub(error.stack);
  for (const [k, item] of Object.entries(error)) out[k] = isSecretKey(k) ? mask(item) : walk(item, depth + 1);
  if (error.cause !== undefined) out.cause = walk(error.cause, depth + 1);
  return out;
}

/** Query parameters (and fragment parameters) whose values are dropped from logged URLs. */
const URL_SECRET_PARAMS = /^(sig|signature|code|key|x-amz-signature|x-amz-credential|x-goog-signature|x-goog-credential|client_secret)$/i;

/** A URL fit for logs: secret query and fragment parameters dropped, then value patterns applied. */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const q = url.indexOf('?');
  if (q === -1 && hash === -1) return redactString(url);
  const cut = q !== -1 && (hash === -1 || q < hash) ? q : hash;
  const head = url.slice(0, cut + 1);
  const rest = url.slice(cut + 1);
  const parts = rest.split(/([&#])/);
  const cleaned = parts
    .map((pair) => {
      if (pair === '&' || pair === '#') return pair;
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = decodeSafe(pair.slice(0, eq));
      return isSecretKey(name) || URL_SECRET_PARAMS.test(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('');
  return redactString(head + cleaned);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
