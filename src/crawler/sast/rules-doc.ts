/**
 * The SAST rule table as Markdown, for docs/crawler-analyzers.md (a test keeps the page in sync).
 */
import { SAST_RULES } from './run-sast.js';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown table of every SAST rule: id, language family, severity, CWE, what it flags and the fix. */
export function renderSastRulesTable(): string {
  const rows = SAST_RULES.map(
    (r) =>
      `| \`sast/${r.id}\` | ${r.family === 'js' ? 'JS/TS' : 'Python'} | ${r.severity} | ${r.cwe} | ${cell(r.title)} | ${cell(r.fix)} |`,
  );
  return ['| Rule | Language | Severity | CWE | Flags | Fix |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}
