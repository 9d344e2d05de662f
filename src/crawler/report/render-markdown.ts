/**
 * Markdown rendering of a scan report: summary, languages, findings, complexity, hotspots, duplicates,
 * dependencies and warnings — for PR comments and CI job summaries.
 */
import type { ScanReport } from './report-schema.js';

const cell = (v: unknown) =>
  String(v ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
const table = (headers: string[], rows: unknown[][]) =>
  rows.length === 0
    ? '_None._\n'
    : `| ${headers.join(' | ')} |\n| ${headers.map(() => '---').join(' | ')} |\n${rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n')}\n`;
const n = (v: number) => v.toLocaleString('en-US');

/** Render `report` as GitHub-flavoured Markdown. */
export function renderMarkdown(report: ScanReport): string {
  const t = report.totals;
  const out: string[] = [];
  out.push(`# Code scan of \`${report.root}\`\n`);
  out.push(
    `${n(t.files)} files (${n(t.cachedFiles)} from cache, ${n(t.skipped)} skipped), ${n(t.lines)} lines: ${n(t.code)} code, ${n(t.comment)} comments, ${n(t.blank)} blank. ` +
      `${n(t.functions)} functions, ${n(t.classes)} classes. ${report.findings.length} findings. Scanned in ${(report.durationMs / 1000).toFixed(1)} s` +
      `${report.snapshotId ? ` (snapshot \`${report.snapshotId}\`)` : ''}.\n`,
  );
  out.push('## Languages\n');
  out.push(
    table(
      ['Language', 'Files', 'Code', 'Comments', 'Blank'],
      report.languages.map((l) => [l.name, n(l.files), n(l.code), n(l.comment), n(l.blank)]),
    ),
  );
  out.push(`\n## Findings (${report.findings.length})\n`);
  if (report.baseline) out.push(`${report.baseline.suppressed} known finding(s) suppressed by baseline \`${report.baseline.file}\`.\n`);
  out.push(
    table(
      ['Severity', 'Rule', 'Location', 'Message'],
      report.findings.slice(0, 200).map((f) => [f.severity.toUpperCase(), f.ruleId, `${f.file}:${f.startLine}`, f.message]),
    ),
  );
  const c = report.complexity;
  out.push(`\n## Complexity\n\n${n(c.functions)} functions, average cyclomatic complexity ${c.average}, max ${c.max}.\n`);
  out.push(
    table(
      ['Complexity', 'Function', 'Location'],
      c.top.slice(0, 15).map((f) => [f.complexity, `${f.name} (${f.kind})`, `${f.file}:${f.startLine}-${f.endLine}`]),
    ),
  );
  if (report.git) {
    const g = report.git;
    out.push(
      `\n## History\n\n${n(g.commits)} commits${g.truncated ? ' (truncated)' : ''} by ${g.authors.length} author(s), last on ${g.lastCommitAt ?? 'never'}.\n`,
    );
    out.push('\n### Hotspots (churn × complexity)\n\n');
    out.push(
      table(
        ['Score', 'File', 'Commits', 'Churn', 'Complexity', 'Last change'],
        report.hotspots.slice(0, 15).map((h) => [h.score, h.file, h.commits, h.churn, h.complexity, h.lastChange]),
      ),
    );
  }
  out.push(`\n## Near-duplicates (${report.duplicates.length} clusters)\n\n`);
  out.push(
    table(
      ['Kind', 'Similarity', 'Copies', 'Members'],
      report.duplicates.slice(0, 20).map((d) => [
        d.kind,
        d.similarity,
        d.members.length,
        d.members
          .slice(0, 4)
          .map((m) => `${m.file}:${m.startLine}${m.name ? ` ${m.name}` : ''}`)
          .join(', '),
      ]),
    ),
  );
  out.push(`\n## Dependencies (${report.dependencies.length})\n\n`);
  const direct = report.dependencies.filter((d) => d.direct);
  out.push(`${direct.length} direct, ${report.dependencies.length - direct.length} transitive.\n`);
  const w = report.warnings;
  out.push(`\n## Warnings (${w.total})\n\n`);
  if (w.total > 0) {
    out.push(
      `${Object.entries(w.byReason)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}\n\n`,
    );
    out.push(
      table(
        ['Reason', 'Path', 'Detail'],
        w.items.slice(0, 100).map((x) => [x.reason, x.path, x.detail ?? '']),
      ),
    );
    if (w.items.length > 100 || w.truncated) out.push(`\n…and ${w.total - Math.min(100, w.items.length)} more.\n`);
  }
  return out.join('\n');
}
