/**
 * The result shape every security scan shares: counts by severity and kind, and the most severe findings up to a
 * limit (the full list stays in the stored snapshot, readable with crawler_findings).
 */
import { z } from 'zod';
import { compareFindings, type Finding, SEVERITIES, type Severity, severityAtLeast } from '../../crawler/findings.js';
import { findingSchema, severitySchema } from '../crawler/schemas.js';

/** Inputs every scan takes besides its path. */
export const scanFilterShape = {
  minSeverity: severitySchema.default('info').describe('Only findings at least this severe (default info = all)'),
  limit: z.number().int().min(1).max(1000).default(100).describe('Most findings returned, most severe first (1–1000)'),
};

/** Counts and the returned slice of findings. */
export const findingsSummaryShape = {
  total: z.number().int().describe('Findings at or above minSeverity'),
  bySeverity: z.record(z.string(), z.number().int()),
  byKind: z.record(z.string(), z.number().int()),
  findings: z.array(findingSchema),
  truncated: z.boolean().describe('True when more findings matched than `limit`'),
};

/** The output of a directory scan. */
export const scanOutputSchema = z.object({
  snapshotId: z.string().nullable().describe('The stored snapshot (security_scan_repository), null when not stored'),
  root: z.string(),
  analyses: z.array(z.string()),
  files: z.number().int(),
  durationMs: z.number().int(),
  warnings: z.number().int().describe('Files skipped or only partly analysed (see the report)'),
  ...findingsSummaryShape,
});
/** The output of a directory scan. */
export type ScanOutput = z.infer<typeof scanOutputSchema>;

/** Filter, count and cut `findings` for a result. */
export function summarizeFindings(findings: readonly Finding[], minSeverity: Severity, limit: number) {
  const kept = findings.filter((f) => severityAtLeast(f.severity, minSeverity)).sort(compareFindings);
  const bySeverity: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  for (const f of kept) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  }
  return { total: kept.length, bySeverity, byKind, findings: kept.slice(0, limit), truncated: kept.length > limit };
}

/** "3 findings (1 critical, 2 high)" and one line per returned finding. */
export function renderFindings(o: { total: number; bySeverity: Record<string, number>; findings: Finding[]; truncated: boolean }): string {
  const counts = [...SEVERITIES]
    .reverse()
    .filter((s) => o.bySeverity[s])
    .map((s) => `${o.bySeverity[s]} ${s}`)
    .join(', ');
  return [
    `${o.total} finding${o.total === 1 ? '' : 's'}${counts ? ` (${counts})` : ''}`,
    ...o.findings.map((f) => `  [${f.severity}] ${f.ruleId} ${f.file}:${f.startLine} ${f.message}`),
    ...(o.truncated ? [`  … ${o.total - o.findings.length} more (raise limit, or read the stored snapshot)`] : []),
  ].join('\n');
}
