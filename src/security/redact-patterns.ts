/**
 * What the redactor looks for: secret key names and secret value patterns. Patterns are linear-time (bounded
 * quantifiers only, checked by a ReDoS test) and each carries lower-case hints so lines without them skip the regex.
 * Sources: each vendor's documented key format, gitleaks' rules for the common ones.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Key fragments that mark a value as secret (matched against the key lower-cased with non-alphanumerics removed). */
export const SECRET_KEY_FRAGMENTS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'privatekey',
  'privkey',
  'accesskey',
  'accountkey',
  'sharedkey',
  'masterkey',
  'sessionkey',
  'credential',
  'authorization',
  'cookie',
  'sessionid',
  'signingkey',
  'encryptionkey',
  'hmackey',
  'recoverycode',
  'connectionstring',
  'mnemonic',
  'seedphrase',
  'bearer',
];

/** Short names matched exactly: as fragments they would hit innocent keys ("footprint" contains "otp"). */
export const SECRET_KEY_EXACT: ReadonlySet<string> = new Set([
  'pwd',
  'pass',
  'otp',
  'totp',
  'mfacode',
  'pin',
  'auth',
  'xapikey',
  'apikeys',
  'dsn',
  'jwt',
  'sas',
  'sig',
  'cvv',
  'xamzsignature',
  'xgoogsignature',
]);

/** Keys that contain a fragment but are counts or metadata, not secrets. */
export const NOT_SECRET_KEYS: ReadonlySet<string> = new Set([
  'inputtokens',
  'outputtokens',
  'totaltokens',
  'maxtokens',
  'maxoutputtokens',
  'prompttokens',
  'completiontokens',
  'reasoningtokens',
  'cachedtokens',
  'cachereadinputtokens',
  'cachecreationinputtokens',
  'tokens',
  'tokencount',
  'tokenusage',
  'tokentype',
  'tokenexpiresat',
  'tokenizer',
  'passwordpolicy',
  'passwordminlength',
  'passwordchangedat',
  'secretref',
  'secretname',
  'credentialid',
  'credentialtype',
]);

/** One value pattern. `replace` may keep a non-secret prefix ($1, $2) or decide per match. */
export interface ValuePattern {
  name: string;
  re: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
  /** Lower-case substrings of which at least one must occur for the pattern to possibly match. */
  hints: readonly string[];
}

const ASSIGNED_NAMES =
  'password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth|account[_-]?key|shared[_-]?access[_-]?key|credentials?|signature|session[_-]?id';
const ASSIGNED_HINTS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential', 'signature', 'session'];

/**
 * Where a token may start: not inside a longer word, but right after a percent-encoded byte (`key%3Dsk-ant-…` in a
 * logged path) or a JSON escape (`\nghp_…`), where `\b` would see a word character and miss it.
 */
const TOKEN_START = String.raw`(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2})|(?<=\\[nrt]))`;

/** A token pattern: `\b` at its start is replaced by TOKEN_START. */
function tok(re: RegExp): RegExp {
  return new RegExp(TOKEN_START + re.source.replace(/^\\b/, ''), re.flags);
}

function isCountName(name: string): boolean {
  const norm = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return NOT_SECRET_KEYS.has(norm) || norm.endsWith('tokens') || norm.endsWith('count');
}

/** Value patterns, most specific first. Every regex is global. */
export const VALUE_PATTERNS: readonly ValuePattern[] = [
  {
    name: 'private-key-block',
    re: /-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replace: REDACTED,
    hints: ['private key'],
  },
  { name: 'age-secret-key', re: tok(/\bAGE-SECRET-KEY-1[0-9A-Z]{58}\b/g), replace: REDACTED, hints: ['age-secret-key'] },
  { name: 'jwt', re: tok(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g), replace: REDACTED, hints: ['eyj'] },
  { name: 'code-engine-api-key', re: tok(/\bce_[A-Za-z0-9]{6,}_[A-Za-z0-9_-]{16,}/g), replace: REDACTED, hints: ['ce_'] },
  { name: 'anthropic-key', re: tok(/\bsk-ant-[A-Za-z0-9_-]{16,}/g), replace: REDACTED, hints: ['sk-ant-'] },
  { name: 'openrouter-key', re: tok(/\bsk-or-[A-Za-z0-9_-]{16,}/g), replace: REDACTED, hints: ['sk-or-'] },
  { name: 'openai-key', re: tok(/\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g), replace: REDACTED, hints: ['sk-'] },
  { name: 'stripe-key', re: tok(/\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g), replace: REDACTED, hints: ['k_live_', 'k_test_'] },
  { name: 'google-api-key', re: tok(/\bAIza[0-9A-Za-z_-]{35}/g), replace: REDACTED, hints: ['aiza'] },
  { name: 'google-oauth-token', re: tok(/\bya29\.[0-9A-Za-z_-]{20,}/g), replace: REDACTED, hints: ['ya29.'] },
  { name: 'huggingface-token', re: tok(/\bhf_[A-Za-z0-9]{30,}/g), replace: REDACTED, hints: ['hf_'] },
  {
    name: 'github-token',
    re: tok(/\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g),
    replace: REDACTED,
    hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  },
  { name: 'gitlab-token', re: tok(/\bglpat-[A-Za-z0-9_-]{20,}/g), replace: REDACTED, hints: ['glpat-'] },
  { name: 'slack-token', re: tok(/\bxox[abposr]-[A-Za-z0-9-]{10,}/g), replace: REDACTED, hints: ['xox'] },
  { name: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g, replace: REDACTED, hints: ['hooks.slack.com'] },
  {
    name: 'aws-access-key-id',
    re: tok(/\b(?:AKIA|ASIA|ABIA|ACCA|AROA|AIDA)[0-9A-Z]{16}\b/g),
    replace: REDACTED,
    hints: ['akia', 'asia', 'abia', 'acca', 'aroa', 'aida'],
  },
  { name: 'npm-token', re: tok(/\bnpm_[A-Za-z0-9]{36}\b/g), replace: REDACTED, hints: ['npm_'] },
  { name: 'pypi-token', re: tok(/\bpypi-AgE[A-Za-z0-9_-]{50,}/g), replace: REDACTED, hints: ['pypi-age'] },
  { name: 'sendgrid-key', re: tok(/\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g), replace: REDACTED, hints: ['sg.'] },
  { name: 'digitalocean-token', re: tok(/\bdo[opr]_v1_[a-f0-9]{64}\b/g), replace: REDACTED, hints: ['_v1_'] },
  { name: 'shopify-token', re: tok(/\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/g), replace: REDACTED, hints: ['shp'] },
  { name: 'vault-token', re: tok(/\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g), replace: REDACTED, hints: ['hvs.', 'hvb.', 'hvr.'] },
  {
    name: 'llm-provider-key',
    re: tok(/\b(?:gsk_|xai-|r8_|pplx-|lin_api_|ntn_|dapi)[A-Za-z0-9]{20,}/g),
    replace: REDACTED,
    hints: ['gsk_', 'xai-', 'r8_', 'pplx-', 'lin_api_', 'ntn_', 'dapi'],
  },
  { name: 'telegram-bot-token', re: tok(/\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/g), replace: REDACTED, hints: [':aa'] },
  {
    name: 'azure-storage-key',
    re: /\b((?:Account|SharedAccess)Key=)[A-Za-z0-9+/=]{20,}/gi,
    replace: `$1${REDACTED}`,
    hints: ['accountkey=', 'sharedaccesskey='],
  },
  { name: 'azure-sas-sig', re: /([?&]sig=)[A-Za-z0-9%+/=]{16,}/gi, replace: `$1${REDACTED}`, hints: ['sig='] },
  {
    name: 'authorization-header',
    re: /\b((?:proxy-)?authorization["']?\s{0,5}[:=]\s{0,5}["']?)(?:[A-Za-z][A-Za-z0-9_-]{0,30} )?(?!\s*\[REDACTED\])[^\s"',;]{1,4096}/gi,
    replace: `$1${REDACTED}`,
    hints: ['authorization'],
  },
  {
    name: 'cookie-header',
    re: /\b((?:set-)?cookie["']?\s{0,5}:\s{0,5}["']?)(?!\s*\[REDACTED\])[^\r\n"]{1,4096}/gi,
    replace: `$1${REDACTED}`,
    hints: ['cookie'],
  },
  {
    name: 'bearer',
    re: /\b(Bearer|Token)\s{1,5}(?!\[REDACTED\])[A-Za-z0-9\-._~+/]{8,}=*/gi,
    replace: `$1 ${REDACTED}`,
    hints: ['bearer', 'token'],
  },
  { name: 'basic-auth', re: /\b(Basic)\s{1,5}[A-Za-z0-9+/]{8,}=*/g, replace: `$1 ${REDACTED}`, hints: ['basic'] },
  {
    // The password may contain '@' (postgres://u:p@ss@host): take everything up to the last '@' of the authority.
    name: 'url-credentials',
    re: /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/?#@"'<>]{0,256}):(?!\[REDACTED\]@)([^\s/?#"'<>]{1,512})@(?=[^\s/?#@"'<>]*(?:[\s/?#"'<>]|$))/gi,
    replace: `$1:${REDACTED}@`,
    hints: ['://'],
  },
  {
    // A long user-only userinfo is a token (https://<token>@host).
    name: 'url-token-userinfo',
    re: /\b([a-z][a-z0-9+.-]{1,20}:\/\/)(?!\[REDACTED\])[A-Za-z0-9._~%-]{20,256}@/gi,
    replace: `$1${REDACTED}@`,
    hints: ['://'],
  },
  {
    name: 'assignment',
    re: new RegExp(
      `(?<![A-Za-z0-9])([A-Za-z0-9_-]{0,40}?(?:${ASSIGNED_NAMES})[A-Za-z0-9_-]{0,40})(["']?\\s{0,5}[=:]\\s{0,5})(?!\\[REDACTED\\])("[^"\\n]{1,500}"|'[^'\\n]{1,500}'|[^\\s"'&,;}\\])]{1,500})`,
      'gi',
    ),
    // `input_tokens: 532` names a count, not a token.
    replace: (match, name = '', separator = '') => (isCountName(name) ? match : `${name}${separator}${REDACTED}`),
    hints: ASSIGNED_HINTS,
  },
];
