/**
 * Secrets in source: a rule table (≥ 40 kinds), an Aho–Corasick keyword prefilter, placeholder allowlists,
 * `code-engine:allow` suppression and fingerprint baselines. The crawler calls scanSecrets once per file.
 */
export { isPlaceholder, isSuppressed, PLACEHOLDER_PATTERNS } from './allowlist.js';
export { applyBaseline, type BaselineFile, buildBaseline, parseBaseline } from './baseline.js';
export { shannonEntropy } from './entropy.js';
export { createKeywordMatcher, type KeywordMatcher } from './keyword-matcher.js';
export { redactSecret } from './redact-secret.js';
export { SECRET_RULES, type SecretRule } from './rules.js';
export { renderSecretRulesTable } from './rules-doc.js';
export { type CompiledSecretRules, compileSecretRules, type ScanSecretsOptions, scanSecrets } from './scan-secrets.js';
