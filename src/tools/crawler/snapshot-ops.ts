/**
 * Stored scans: `crawler_list_scans`, `crawler_report` (JSON, Markdown, HTML or SARIF), `crawler_diff` and
 * `crawler_findings`, thin wrappers over the crawler service.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { CrawlerToolDeps } from './deps.js';
import { renderStoredReport } from './render-stored-report.js';
import {
  findingFilterShape,
  findingSchema,
  renderedReportSchema,
  reportFormatSchema,
  snapshotDiffSchema,
  snapshotIdSchema,
  snapshotSummarySchema,
} from './schemas.js';

const EXAMPLE_ID = '4f1c2b9e-8d7a-4e61-b0c3-5a2d9e8f7b61';

/** The snapshot operations. */
export function snapshotOps(deps: CrawlerToolDeps): Operation[] {
  const { crawler } = deps;
  return [
    defineOperation({
      name: 'crawler_list_scans',
      title: 'List stored scans',
      description: 'Stored scan snapshots, newest first, optionally of one root directory.',
      input: z.object({
        root: z.string().min(1).max(4096).optional().describe('Only snapshots of this root (the absolute path a scan reported)'),
        limit: z.coerce.number().int().min(1).max(500).default(50).describe('Most snapshots returned (1–500)'),
      }),
      output: z.object({ snapshots: z.array(snapshotSummarySchema) }),
      permission: 'crawler:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/scans' },
      render: (o) =>
        o.snapshots.map((s) => `${s.id}  ${s.createdAt}  ${s.root}  ${s.fileCount} files, ${s.findingCount} findings`).join('\n') ||
        'No stored scans.',
      run: async (input) => ({ snapshots: await crawler.list({ ...(input.root ? { root: input.root } : {}), limit: input.limit }) }),
    }),
    defineOperation({
      name: 'crawler_report',
      title: 'Report of a stored scan',
      description: 'The report of a stored snapshot as JSON, Markdown (md), self-contained HTML or SARIF 2.1.0.',
      input: z.object({
        snapshotId: snapshotIdSchema,
        format: reportFormatSchema.default('md').describe('json, md (default), html or sarif'),
      }),
      output: renderedReportSchema,
      permission: 'crawler:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/scans/:snapshotId/report' },
      example: { snapshotId: EXAMPLE_ID, format: 'sarif' },
      render: (o) => o.content,
      run: async (input) => renderStoredReport(crawler, input.snapshotId, input.format),
    }),
    defineOperation({
      name: 'crawler_diff',
      title: 'Compare two stored scans',
      description:
        'What changed from one snapshot to another: files added, removed and changed (with line deltas), findings new and fixed, dependencies added and removed.',
      input: z.object({
        from: snapshotIdSchema.describe('The older snapshot'),
        to: snapshotIdSchema.describe('The newer snapshot'),
      }),
      output: snapshotDiffSchema,
      permission: 'crawler:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/scans/diff' },
      example: { from: EXAMPLE_ID, to: '9a3e7c1d-2b4f-4c8e-a6d0-7f1b3e5c9d24' },
      render: (d) =>
        [
          `${d.from} → ${d.to}`,
          `files: +${d.files.added.length} −${d.files.removed.length} ~${d.files.changed.length}; code lines ${d.lines.codeDelta >= 0 ? '+' : ''}${d.lines.codeDelta}`,
          `findings: ${d.findings.new.length} new, ${d.findings.fixed.length} fixed, ${d.findings.unchanged} unchanged`,
          `dependencies: +${d.dependencies.added.length} −${d.dependencies.removed.length}`,
        ].join('\n'),
      run: async (input) => crawler.diff(input.from, input.to),
    }),
    defineOperation({
      name: 'crawler_findings',
      title: 'Findings of a stored scan',
      description: 'Findings of a stored snapshot, most severe first, filtered by severity and kind, a page at a time.',
      input: z.object({
        snapshotId: snapshotIdSchema,
        ...findingFilterShape,
        limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Findings per page (1–1000)'),
        offset: z.coerce.number().int().min(0).default(0).describe('Findings to skip'),
      }),
      output: z.object({ snapshotId: z.string(), total: z.number().int(), findings: z.array(findingSchema) }),
      permission: 'crawler:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/scans/:snapshotId/findings' },
      example: { snapshotId: EXAMPLE_ID, minSeverity: 'high' },
      render: (o) =>
        [
          `${o.total} findings in ${o.snapshotId}`,
          ...o.findings.map((f) => `  [${f.severity}] ${f.ruleId} ${f.file}:${f.startLine} ${f.message}`),
        ].join('\n'),
      run: async (input) => {
        const all = await crawler.findings(input.snapshotId, {
          ...(input.minSeverity ? { minSeverity: input.minSeverity } : {}),
          ...(input.kind ? { kind: input.kind } : {}),
        });
        return { snapshotId: input.snapshotId, total: all.length, findings: all.slice(input.offset, input.offset + input.limit) };
      },
    }),
  ];
}
