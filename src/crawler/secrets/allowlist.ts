/**
 * What is not a secret even when a rule's regex matches: placeholders from docs and templates
 * (EXAMPLE, xxxx, <your-key>, ${VAR}, {{ var }}), masked values and keyboard runs, plus the inline
 * `code-engine:allow` suppression comment.
 */

/** Patterns of placeholder values, tested against the secret itself. */
export const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /example/i,
  /x{5,}/i,
  /<[^>]*>/,
  /\$\{[^}]*\}|\$\([^)]*\)|\{\{[^}]*\}\}|\{[A-Za-z_]\w*\}|%\([^)]*\)s|%[A-Z_]{2,}%/,
  /^\$[A-Za-z_][A-Za-z0-9_]*$/,
  /your[-_ ]?(?:own[-_ ]?)?(?:api[-_ ]?|access[-_ ]?|secret[-_ ]?|auth[-_ ]?)?(?:key|token|secret|password|pat)/i,
  /placeholder|changeme|change[-_]me|replace[-_]?me|redacted|dummy|sample|fake|insert[-_]?(?:your|key|token|here)|not[-_]?a[-_]?real/i,
  /^(.)\1{7,}$/,
  /0123456789|123456789|abcdefghij|qwertyuiop|(?:^|\D)123456(?:\D|$)/i,
  /\*{4,}|•{3,}/,
];

/** True when `secret` looks like a placeholder rather than a credential. */
export function isPlaceholder(secret: string): boolean {
  return PLACEHOLDER_PATTERNS.some((p) => p.test(secret));
}

const MARKER = 'code-engine:allow';

/**
 * True when the line, or the line above it, carries `code-engine:allow` for this rule: a bare marker
 * allows every rule; `code-engine:allow secret/jwt, jwt-other` allows only the rules it names
 * (with or without the "secret/" prefix).
 * @example isSuppressed(['const t = "…"; // code-engine:allow secret/jwt'], 0, 'secret/jwt') // true
 */
export function isSuppressed(lines: readonly string[], lineIndex: number, ruleId: string): boolean {
  for (const i of [lineIndex, lineIndex - 1]) {
    const line = lines[i];
    if (line === undefined) continue;
    const at = line.indexOf(MARKER);
    if (at === -1) continue;
    const ids = line
      .slice(at + MARKER.length)
      .replace(/(?:\*\/|-->|#}|%>).*$/, '')
      .split(/[\s,]+/)
      .filter((s) => /^[a-z0-9][a-z0-9/_-]*$/.test(s));
    if (ids.length === 0) return true;
    const short = ruleId.slice(ruleId.indexOf('/') + 1);
    if (ids.some((id) => id === ruleId || id === short)) return true;
  }
  return false;
}
