/**
 * Schemas the crawler's faces share (crawler_*, security_*): stored snapshots, scan jobs, report formats,
 * snapshot diffs and finding filters. The finding and dependency schemas are the crawler's own.
 */
import { z } from 'zod';
import { ANALYSES } from '../../crawler/analyze/file-analysis.js';
import { findingKindSchema, findingSchema, severitySchema } from '../../crawler/findings.js';
import { REPORT_FORMATS } from '../../crawler/report/render-report.js';
import { reportDependencySchema } from '../../crawler/report/report-schema.js';

/** A snapshot id argument. */
export const snapshotIdSchema = z
  .string()
  .min(1)
  .max(100)
  .describe('Id of a stored scan snapshot (from a scan, crawler_list_scans or crawler_scan_status)');

/** A directory argument: relative paths resolve against the first of security.files.roots. */
export const scanPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .describe('Directory to scan, inside security.files.roots; a relative path resolves against the first root');

/** Parts of a scan a caller may choose. */
export const analysesSchema = z
  .array(z.enum(ANALYSES))
  .min(1)
  .describe(`Parts to run (default all): ${ANALYSES.join(', ')}`);

/** One stored snapshot in a listing. */
export const snapshotSummarySchema = z.object({
  id: z.string(),
  root: z.string(),
  createdAt: z.string().describe('ISO-8601 UTC'),
  durationMs: z.number(),
  gitHead: z.string().nullable(),
  fileCount: z.number().int(),
  codeLines: z.number().int(),
  findingCount: z.number().int(),
});

/** Report formats of a stored scan. */
export const reportFormatSchema = z.enum(REPORT_FORMATS);

/** Media type of each report format. */
export const REPORT_MEDIA_TYPES: Record<z.infer<typeof reportFormatSchema>, string> = {
  json: 'application/json',
  md: 'text/markdown',
  sarif: 'application/sarif+json',
  html: 'text/html',
};

/** A rendered report. */
export const renderedReportSchema = z.object({
  snapshotId: z.string(),
  format: reportFormatSchema,
  mediaType: z.string(),
  findings: z.number().int().describe('Findings in the rendered report (after any severity filter)'),
  content: z.string().describe('The report text in the chosen format'),
});

/** Progress of a running scan. */
export const scanProgressSchema = z.object({
  phase: z.enum(['listing', 'analyzing', 'finishing']),
  filesDone: z.number().int(),
  filesTotal: z.number().int(),
  bytesDone: z.number().int(),
  elapsedMs: z.number().int(),
});

/** A background scan job. */
export const scanJobSchema = z.object({
  jobId: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  root: z.string(),
  startedBy: z.string().describe('Principal id that started the job'),
  startedAt: z.string().describe('ISO-8601 UTC'),
  finishedAt: z.string().optional(),
  progress: scanProgressSchema.optional(),
  snapshotId: z.string().optional().describe('The stored snapshot, once the job succeeded'),
  findingCount: z.number().int().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
/** A background scan job as reported. */
export type ScanJobView = z.infer<typeof scanJobSchema>;

/** What changed between two snapshots (mirrors the crawler's SnapshotDiff). */
export const snapshotDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  files: z.object({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(
      z.object({
        path: z.string(),
        language: z.string().nullable(),
        codeDelta: z.number().int(),
        commentDelta: z.number().int(),
        blankDelta: z.number().int(),
      }),
    ),
    unchanged: z.number().int(),
  }),
  lines: z.object({
    codeDelta: z.number().int(),
    commentDelta: z.number().int(),
    blankDelta: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
  }),
  findings: z.object({ new: z.array(findingSchema), fixed: z.array(findingSchema), unchanged: z.number().int() }),
  dependencies: z.object({ added: z.array(reportDependencySchema), removed: z.array(reportDependencySchema) }),
});

/** Finding filters shared by listing tools. */
export const findingFilterShape = {
  minSeverity: severitySchema.optional().describe('Only findings at least this severe (info < low < medium < high < critical)'),
  kind: findingKindSchema.optional(),
};

export { findingSchema, severitySchema };
