/**
 * A stored crawler snapshot as consult context (`context.snapshotId`): a compact plain-text summary of its
 * report — totals, languages, findings by severity with the most severe listed, complexity, hotspots,
 * duplicates and dependencies — not the whole report, which can run to megabytes. Matched secret text is never
 * included (only rule, place and message).
 */
import type { CrawlerService } from '../../crawler/crawler-service.js';
import type { ScanReport } from '../../crawler/report/report-schema.js';
import type { ContextItem } from './context.js';

/** Renders a snapshot as context items (one summary). */
export type SnapshotContextReader = (snapshotId: string, signal: AbortSignal) => Promise<ContextItem[]>;

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;
const MAX_FINDINGS = 40;
const MAX_ROWS = 10;

const rank = (severity: string) => {
  const i = (SEVERITY_ORDER as readonly string[]).indexOf(severity);
  return i === -1 ? SEVERITY_ORDER.length : i;
};

/** The summary text of a scan report. */
export function summarizeSnapshot(report: ScanReport): string {
  const t = report.totals;
  const out: string[] = [
    `Code scan of ${report.root} (snapshot ${report.snapshotId ?? 'not stored'}, ${report.startedAt}; analyses: ${report.analyses.join(', ')}).`,
    `${t.files} files analysed (${t.skipped} skipped), ${t.lines} lines (${t.code} code, ${t.comment} comments), ${t.functions} functions, ${t.classes} classes.`,
  ];
  if (report.languages.length > 0) {
    out.push(`Languages: ${report.languages.map((l) => `${l.name} ${l.files} files / ${l.code} code lines`).join('; ')}.`);
  }
  const counts = SEVERITY_ORDER.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  out.push(`\nFindings: ${report.findings.length}${counts.length ? ` (${counts.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''}.`);
  const worst = [...report.findings].sort((a, b) => rank(a.severity) - rank(b.severity)).slice(0, MAX_FINDINGS);
  for (const f of worst) out.push(`- [${f.severity}] ${f.ruleId} at ${f.file}:${f.startLine}: ${f.message}`);
  if (report.findings.length > worst.length) out.push(`- … ${report.findings.length - worst.length} more, less severe.`);
  const c = report.complexity;
  out.push(`\nComplexity: ${c.functions} functions, average ${c.average}, max ${c.max}.`);
  for (const f of c.top.slice(0, MAX_ROWS)) out.push(`- ${f.complexity}: ${f.name} (${f.kind}) at ${f.file}:${f.startLine}-${f.endLine}`);
  if (report.hotspots.length > 0) {
    out.push('\nHotspots (commits × complexity):');
    for (const h of report.hotspots.slice(0, MAX_ROWS))
      out.push(`- ${h.file}: ${h.commits} commits, churn ${h.churn}, complexity ${h.complexity}`);
  }
  if (report.duplicates.length > 0) {
    out.push(`\nDuplicates: ${report.duplicates.length} group(s).`);
    for (const d of report.duplicates.slice(0, MAX_ROWS)) {
      out.push(`- ${d.kind}, ${Math.round(d.similarity * 100)} % similar: ${d.members.map((m) => `${m.file}:${m.startLine}`).join(', ')}`);
    }
  }
  if (report.dependencies.length > 0) {
    const direct = report.dependencies.filter((d) => d.direct).length;
    const ecosystems = [...new Set(report.dependencies.map((d) => d.ecosystem))].join(', ');
    out.push(`\nDependencies: ${report.dependencies.length} (${direct} direct; ${ecosystems}).`);
  }
  if (report.warnings.total > 0) out.push(`\nScan warnings: ${report.warnings.total} (files skipped or unreadable).`);
  return out.join('\n');
}

/**
 * The `snapshotContext` hook of the experts service over the crawler: E_NOT_FOUND for an unknown snapshot.
 * @example createExpertsService({ …, snapshotContext: crawlerSnapshotContext(services.crawler) })
 */
export function crawlerSnapshotContext(crawler: Pick<CrawlerService, 'show'>): SnapshotContextReader {
  return async function snapshotContext(snapshotId, signal) {
    signal.throwIfAborted();
    const report = await crawler.show(snapshotId);
    return [{ name: `snapshot:${snapshotId}`, kind: 'snapshot', text: summarizeSnapshot(report) }];
  };
}
