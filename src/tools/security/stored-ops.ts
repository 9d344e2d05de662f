/**
 * Stored scans from the security side: `security_report` (SARIF by default, or Markdown, JSON, HTML, with a severity
 * floor) and `security_compare_scans` (findings new and fixed between two snapshots, and the dependency changes).
 */
import { z } from 'zod';
import { compareFindings, SEVERITIES, severityAtLeast } from '../../crawler/findings.js';
import { reportDependencySchema } from '../../crawler/report/report-schema.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { renderStoredReport } from '../crawler/render-stored-report.js';
import { findingSchema, renderedReportSchema, reportFormatSchema, severitySchema, snapshotIdSchema } from '../crawler/schemas.js';
import type { SecurityToolDeps } from './deps.js';

const EXAMPLE_ID = '4f1c2b9e-8d7a-4e61-b0c3-5a2d9e8f7b61';

/** The report and comparison operations. */
export function storedOps(deps: SecurityToolDeps): Operation[] {
  return [
    defineOperation({
      name: 'security_report',
      title: 'Security report of a stored scan',
      description:
        'The findings of a stored snapshot as SARIF 2.1.0 (default; for code-scanning dashboards), Markdown, JSON or HTML, optionally only those at or above a severity.',
      input: z.object({
        snapshotId: snapshotIdSchema,
        format: reportFormatSchema.default('sarif').describe('sarif (default), md, json or html'),
        minSeverity: severitySchema.optional().describe('Leave out findings below this severity'),
      }),
      output: renderedReportSchema,
      permission: 'crawler:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/security/scans/:snapshotId/report' },
      example: { snapshotId: EXAMPLE_ID, format: 'sarif', minSeverity: 'medium' },
      render: (o) => o.content,
      run: async (input) => renderStoredReport(deps.crawler, input.snapshotId, input.format, input.minSeverity),
    }),
    defineOperation({
      name: 'security_compare_scans',
      title: 'Compare the security of two scans',
      description:
        'Findings introduced and fixed from one stored snapshot to another (matched by fingerprint, so moved code is not a new finding), ' +
        'and dependencies added and removed. `worse` is true when a new finding is at or above minSeverity.',
      input: z.object({
        from: snapshotIdSchema.describe('The older snapshot (the baseline)'),
        to: snapshotIdSchema.describe('The newer snapshot'),
        minSeverity: severitySchema.default('info').describe('Only findings at least this severe (default all)'),
      }),
      output: z.object({
        from: z.string(),
        to: z.string(),
        worse: z.boolean(),
        newFindings: z.array(findingSchema),
        fixedFindings: z.array(findingSchema),
        unchangedFindings: z.number().int(),
        newBySeverity: z.record(z.string(), z.number().int()),
        dependencies: z.object({ added: z.array(reportDependencySchema), removed: z.array(reportDependencySchema) }),
      }),
      permission: 'crawler:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/security/scans/compare' },
      example: { from: EXAMPLE_ID, to: '9a3e7c1d-2b4f-4c8e-a6d0-7f1b3e5c9d24', minSeverity: 'high' },
      render: (o) =>
        [
          `${o.from} → ${o.to}: ${o.newFindings.length} new, ${o.fixedFindings.length} fixed, ${o.unchangedFindings} unchanged${o.worse ? ' — WORSE' : ''}`,
          ...o.newFindings.map((f) => `  + [${f.severity}] ${f.ruleId} ${f.file}:${f.startLine}`),
          ...o.fixedFindings.map((f) => `  − [${f.severity}] ${f.ruleId} ${f.file}:${f.startLine}`),
          `dependencies: +${o.dependencies.added.length} −${o.dependencies.removed.length}`,
        ].join('\n'),
      run: async (input) => {
        const diff = await deps.crawler.diff(input.from, input.to);
        const keep = (list: typeof diff.findings.new) =>
          list.filter((f) => severityAtLeast(f.severity, input.minSeverity)).sort(compareFindings);
        const newFindings = keep(diff.findings.new);
        const newBySeverity = Object.fromEntries(
          SEVERITIES.map((s) => [s, newFindings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0),
        );
        return {
          from: diff.from,
          to: diff.to,
          worse: newFindings.length > 0,
          newFindings,
          fixedFindings: keep(diff.findings.fixed),
          unchangedFindings: diff.findings.unchanged,
          newBySeverity,
          dependencies: diff.dependencies,
        };
      },
    }),
  ];
}
