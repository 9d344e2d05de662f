/**
 * The one redactor: used by logs, audit rows, error messages and tool outputs.
 * Redacts by key name (case-insensitive, at any depth) and by value pattern (tokens, keys, credentials in URLs).
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Key fragments that mark a value as secret (matched against the key lower-cased with non-alphanumerics removed). */
const SECRET_KEY_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'accesskey',
  'credential',
  'authorization',
  'cookie',
  'sessionid',
  'signingkey',
  'encryptionkey',
  'hmackey',
  'recoverycode',
  'connectionstring',
] as const;
/** Short names matched exactly: as fragments they would hit innocent keys ("footprint" contains "otp"). */
const SECRET_KEY_EXACT = new Set(['pwd', 'pass', 'otp', 'totp', 'mfacode', 'pin', 'auth', 'xapikey', 'dsn']);
/** Keys that contain a fragment but are counts or metadata, not secrets. */
const NOT_SECRET_KEYS = new Set([
  'inputtokens',
  'outputtokens',
  'totaltokens',
  'maxtokens',
  'tokens',
  'tokencount',
  'tokenusage',
  'tokentype',
  'tokenexpiresat',
  'passwordpolicy',
  'passwordminlength',
  'secretref',
]);

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

interface ValuePattern {
  name: string;
  re: RegExp;
  replace: string;
}

/**
 * Value patterns, most specific first. Each regex is global; `replace` may keep a non-secret prefix.
 * Sources: provider key formats as documented by each vendor, gitleaks' rules for the common ones.
 */
export const VALUE_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'private-key-block',
    re: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replace: REDACTED,
  },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, replace: REDACTED },
  { name: 'code-engine-api-key', re: /\bce_[A-Za-z0-9]{6,}_[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  { name: 'anthropic-key', re: /\bsk-ant-[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  { name: 'openrouter-key', re: /\bsk-or-[A-Za-z0-9_-]{16,}/g, replace: REDACTED },
  { name: 'openai-key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g, replace: REDACTED },
  { name: 'stripe-key', re: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g, replace: REDACTED },
  { name: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}/g, replace: REDACTED },
  { name: 'huggingface-token', re: /\bhf_[A-Za-z0-9]{30,}/g, replace: REDACTED },
  { name: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g, replace: REDACTED },
  { name: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{20,}/g, replace: REDACTED },
  { name: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: REDACTED },
  { name: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g, replace: REDACTED },
  { name: 'aws-access-key-id', re: /\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[0-9A-Z]{16}\b/g, replace: REDACTED },
  { name: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: REDACTED },
  { name: 'azure-sas-sig', re: /([?&]sig=)[A-Za-z0-9%+/=]{16,}/gi, replace: `$1${REDACTED}` },
  { name: 'bearer', re: /\b(Bearer|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, replace: `$1 ${REDACTED}` },
  { name: 'basic-auth', re: /\b(Basic)\s+[A-Za-z0-9+/]{8,}=*/g, replace: `$1 ${REDACTED}` },
  {
    name: 'url-credentials',
    re: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/?#@"'<>]*):([^\s/?#@"'<>]+)@/gi,
    replace: `$1:${REDACTED}@`,
  },
  {
    name: 'assignment',
    re: /\b((?:[A-Za-z0-9]+[_-])*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth)(?:[_-][A-Za-z0-9]+)*)(["']?\s*[=:]\s*)(?!\[REDACTED\])("[^"\n]{1,500}"|'[^'\n]{1,500}'|[^\s"'&,;}\])]{1,500})/gi,
    replace: `$1$2${REDACTED}`,
  },
];

/** Cheap pre-check: strings without any of these substrings skip the regex pass. */
const PRECHECK =
  /eyJ|ce_|sk-|[rs]k_|AIza|hf_|gh[pousr]_|github_pat|glpat|xox|hooks\.slack|A[KSBCRI][IBCOD]A|npm_|sig=|bearer|token|basic|:\/\/|pass|pwd|secret|key|auth|PRIVATE/i;

/** Redact secret-looking substrings of one string. */
export function redactString(input: string): string {
  if (input.length < 8 || !PRECHECK.test(input)) return input;
  let out = input;
  for (const { re, replace } of VALUE_PATTERNS) {
    re.lastIndex = 0;
    out = out.replace(re, replace);
  }
  return out;
}

export interface RedactOptions {
  /** Extra literal secret values to scrub wherever they appear (e.g. configured provider keys). */
  knownSecrets?: readonly string[];
  /** Maximum depth walked; deeper values are replaced by a marker. Default 12. */
  maxDepth?: number;
}

/**
 * Deep-copy `value` with secrets replaced: properties whose names mark secrets, and secret-looking substrings.
 * Plain objects, arrays, Maps, Errors, Buffers and Dates are handled; other class instances are left as they are
 * for their own serializers. Cycles become "[Circular]".
 * @example log.info(redact({ headers: req.headers }), 'incoming')
 */
export function redact<T>(value: T, options: RedactOptions = {}): T {
  const known = (options.knownSecrets ?? []).filter((s) => s.length >= 6);
  const maxDepth = options.maxDepth ?? 12;
  const seen = new WeakSet<object>();
  const scrub = (s: string): string => {
    let out = redactString(s);
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrub(v);
    if (v === null || typeof v !== 'object') return v;
    if (depth > maxDepth) return '[Truncated]';
    if (seen.has(v)) return '[Circular]';
    if (v instanceof Date || Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return v;
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
      if (v instanceof Map) {
        return new Map([...v].map(([k, item]) => [k, typeof k === 'string' && isSecretKey(k) ? mask(item) : walk(item, depth + 1)]));
      }
      if (v instanceof Error) return redactError(v, walk, depth, scrub);
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return v;
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v)) out[k] = isSecretKey(k) ? mask(item) : walk(item, depth + 1);
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, 0) as T;
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

/** Query parameters whose values are dropped from logged URLs. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return redactString(url);
  const path = url.slice(0, q);
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const name = decodeSafe(pair.slice(0, eq));
      return isSecretKey(name) || /^(sig|signature|code|key|x-amz-signature|x-amz-credential)$/i.test(name)
        ? `${pair.slice(0, eq)}=${REDACTED}`
        : pair;
    })
    .join('&');
  return redactString(`${path}?${query}`);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
