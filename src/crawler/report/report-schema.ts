/**
 * The scan report: one zod schema is the JSON format's documentation (docs/crawler-report.schema.json is
 * generated from it) and the type every renderer (Markdown, HTML, SARIF) reads.
 */
import { z } from 'zod';
import { findingSchema } from '../findings.js';

const lineCounts = { code: z.number().int(), comment: z.number().int(), blank: z.number().int() };

const symbolSchema = z.object({
  name: z.string(),
  kind: z.enum(['function', 'method', 'class', 'interface', 'type', 'module', 'macro']),
  startLine: z.number().int(),
  endLine: z.number().int(),
  complexity: z.number().int().optional().describe('Cyclomatic complexity (functions and methods).'),
});

const warningSchema = z.object({
  path: z.string(),
  reason: z.enum([
    'unreadable',
    'too-large',
    'binary',
    'symlink-outside-root',
    'symlink-dir',
    'not-regular',
    'missing',
    'invalid-utf8',
    'parse-failed',
    'git',
  ]),
  detail: z.string().optional(),
});

const duplicateMember = z.object({
  file: z.string(),
  name: z.string().optional().describe('Function name; absent for whole files.'),
  startLine: z.number().int(),
  endLine: z.number().int(),
  tokens: z.number().int(),
});

/** One dependency as reported (the deps analyzer's model). */
export const reportDependencySchema = z.object({
  ecosystem: z.string().describe('OSV ecosystem: npm, PyPI, Go, crates.io, Maven, RubyGems.'),
  name: z.string(),
  version: z.string().optional(),
  spec: z.string().optional(),
  direct: z.boolean(),
  dev: z.boolean().optional(),
  file: z.string(),
  line: z.number().int().optional(),
});

/** The JSON report of one scan (format version 1). */
export const scanReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    tool: z.object({ name: z.literal('code-engine'), version: z.string(), analyzerVersion: z.number().int() }),
    snapshotId: z.string().nullable().describe('Id of the stored snapshot, null when the scan was not stored.'),
    root: z.string().describe('Absolute path of the scanned directory.'),
    startedAt: z.string().describe('ISO-8601 UTC.'),
    durationMs: z.number().int(),
    analyses: z.array(z.string()).describe('Parts that ran: lines, symbols, duplicates, secrets, sast, deps, git.'),
    totals: z.object({
      files: z.number().int().describe('Files analysed (text files under the size cap).'),
      skipped: z.number().int().describe('Files listed but not analysed (see warnings).'),
      cachedFiles: z.number().int().describe('Files whose results came from the cache (unchanged content).'),
      bytes: z.number().int(),
      ...lineCounts,
      lines: z.number().int(),
      functions: z.number().int(),
      classes: z.number().int(),
    }),
    languages: z.array(z.object({ name: z.string(), files: z.number().int(), bytes: z.number().int(), ...lineCounts })),
    files: z
      .array(
        z.object({
          path: z.string(),
          language: z.string().nullable(),
          sizeBytes: z.number().int(),
          contentHash: z.string(),
          ...lineCounts,
          functions: z.number().int(),
          maxComplexity: z.number().int(),
          symbols: z.array(symbolSchema).optional().describe('With --symbols only.'),
          imports: z.array(z.string()).optional().describe('With --symbols only.'),
        }),
      )
      .describe('Every analysed file, sorted by path.'),
    complexity: z.object({
      functions: z.number().int(),
      average: z.number(),
      max: z.number().int(),
      top: z.array(
        z.object({
          file: z.string(),
          name: z.string(),
          kind: z.string(),
          startLine: z.number().int(),
          endLine: z.number().int(),
          complexity: z.number().int(),
        }),
      ),
    }),
    git: z
      .object({
        head: z.string().nullable(),
        commits: z.number().int(),
        truncated: z.boolean(),
        firstCommitAt: z.string().nullable(),
        lastCommitAt: z.string().nullable(),
        authors: z.array(z.object({ name: z.string(), commits: z.number().int() })),
      })
      .nullable()
      .describe('null outside a git work tree or when the git analysis is off.'),
    hotspots: z
      .array(
        z.object({
          file: z.string(),
          commits: z.number().int(),
          churn: z.number().int().describe('Lines added + deleted.'),
          complexity: z.number().int().describe('Sum of the cyclomatic complexity of its functions.'),
          score: z.number().describe('commits × complexity.'),
          lastChange: z.string(),
        }),
      )
      .describe('Files changed often that are also complex, highest score first.'),
    duplicates: z.array(z.object({ kind: z.enum(['file', 'function']), similarity: z.number(), members: z.array(duplicateMember) })),
    dependencies: z.array(reportDependencySchema),
    findings: z.array(findingSchema),
    baseline: z.object({ file: z.string(), suppressed: z.number().int() }).nullable(),
    warnings: z.object({
      total: z.number().int(),
      byReason: z.record(z.string(), z.number().int()),
      items: z.array(warningSchema),
      truncated: z.boolean(),
    }),
  })
  .describe('code-engine crawler report');

/** The JSON report of one scan. */
export type ScanReport = z.infer<typeof scanReportSchema>;
/** One dependency in a report. */
export type ReportDependency = z.infer<typeof reportDependencySchema>;

/** JSON Schema (draft 2020-12) of the report, for docs/crawler-report.schema.json. */
export function scanReportJsonSchema(): Record<string, unknown> {
  return {
    title: 'code-engine crawler report',
    ...z.toJSONSchema(scanReportSchema, { target: 'draft-2020-12' }),
  } as Record<string, unknown>;
}
