/**
 * The secrets rule table as Markdown, for docs/crawler-analyzers.md (a test keeps the page in sync).
 */
import { SECRET_RULES } from './rules.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown table of every secret rule: id, what it finds, severity, keywords and extra checks. */
export function renderSecretRulesTable(): string {
  const rows = SECRET_RULES.map((r) => {
    const checks = [
      r.entropy !== undefined ? `entropy ≥ ${r.entropy}` : '',
      r.validate ? 'structure check' : '',
      r.allowlist ? 'rule allowlist' : '',
      r.generic ? 'generic (yields to specific rules)' : r.contextual ? 'needs vendor name nearby' : '',
      r.multiline ? 'multi-line' : '',
    ].filter(Boolean);
    return `| \`secret/${r.id}\` | ${cell(r.description)} | ${r.severity} | ${r.keywords.map((k) => `\`${cell(k)}\``).join(' ')} | ${checks.join(', ')} |`;
  });
  return ['| Rule | Finds | Severity | Keywords (prefilter) | Checks |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
