/**
 * Directory scans: `security_scan_repository` (secrets, SAST and vulnerable dependencies, stored as a snapshot),
 * and the single-analyzer `security_scan_secrets`, `security_scan_dependencies` and `security_sast_scan`, which
 * store nothing. All report progress and stop when the call is cancelled.
 */
import { z } from 'zod';
import type { Analysis } from '../../crawler/analyze/file-analysis.js';
import type { ScanReport } from '../../crawler/report/report-schema.js';
import { reportDependencySchema } from '../../crawler/report/report-schema.js';
import { defineOperation, type Operation, type OperationContext } from '../../gateway/operation.js';
import { resolveScanDirectory, toProgressUpdate } from '../crawler/scan-root.js';
import { scanPathSchema } from '../crawler/schemas.js';
import type { SecurityToolDeps } from './deps.js';
import { renderFindings, type ScanOutput, scanFilterShape, scanOutputSchema, summarizeFindings } from './scan-output.js';

/** Directory scans may take minutes on large trees; crawler_scan runs them in the background instead. */
const SCAN_TIMEOUT_MS = 600_000;
const MAX_DEPENDENCIES = 5_000;

const scanInput = z.object({ path: scanPathSchema, ...scanFilterShape });
type ScanInput = z.output<typeof scanInput>;

async function scanDirectory(
  deps: SecurityToolDeps,
  input: ScanInput,
  analyses: Analysis[],
  store: boolean,
  ctx: OperationContext,
): Promise<{ report: ScanReport; output: ScanOutput }> {
  const root = await resolveScanDirectory(deps.files, input.path, 'use security_scan_file for a single file');
  const { snapshotId, report } = await deps.crawler.scan(
    { root, analyses, store },
    { signal: ctx.signal, onProgress: (p) => ctx.progress(toProgressUpdate(p)) },
  );
  return {
    report,
    output: {
      snapshotId,
      root: report.root,
      analyses: report.analyses,
      files: report.totals.files,
      durationMs: report.durationMs,
      warnings: report.warnings.total,
      ...summarizeFindings(report.findings, input.minSeverity, input.limit),
    },
  };
}

const renderScan = (o: ScanOutput) =>
  `${o.root}: ${o.files} files in ${o.durationMs} ms${o.snapshotId ? `, snapshot ${o.snapshotId}` : ''}\n${renderFindings(o)}`;

/** The directory scan operations. */
export function scanOps(deps: SecurityToolDeps): Operation[] {
  const single = (name: string, title: string, analysis: Analysis, description: string) =>
    defineOperation({
      name,
      title,
      description: `${description} Nothing is stored; use security_scan_repository for a stored snapshot.`,
      input: scanInput,
      output: scanOutputSchema,
      permission: 'security:read',
      effects: 'read',
      timeoutMs: SCAN_TIMEOUT_MS,
      example: { path: 'services/api', minSeverity: 'medium' },
      render: renderScan,
      run: async (input, ctx) => (await scanDirectory(deps, input, [analysis], false, ctx)).output,
    });

  return [
    defineOperation({
      name: 'security_scan_repository',
      title: 'Security scan of a repository',
      description:
        'Scan a directory for secrets, insecure code (SAST: JavaScript/TypeScript, Python) and dependencies with known OSV advisories, ' +
        'and store the result as a snapshot (for security_report, security_compare_scans and crawler_findings). Reports progress; ' +
        'for very large trees prefer crawler_scan, which runs in the background.',
      input: scanInput.extend({ store: z.boolean().default(true).describe('Store the scan as a snapshot (default true)') }),
      output: scanOutputSchema,
      permission: 'crawler:scan',
      // The scanned tree is only read; the stored snapshot is code-engine's own record (docs/crawler.md#faces).
      effects: 'read',
      idempotent: false,
      timeoutMs: SCAN_TIMEOUT_MS,
      http: { method: 'POST', path: '/api/security/scans' },
      example: { path: 'services/api', minSeverity: 'high', limit: 50 },
      render: renderScan,
      run: async (input, ctx) => (await scanDirectory(deps, input, ['lines', 'secrets', 'sast', 'deps'], input.store, ctx)).output,
    }),
    single(
      'security_scan_secrets',
      'Scan for secrets',
      'secrets',
      'Find credentials in a directory (40+ token kinds, keyword prefilter, entropy checks, placeholders and `code-engine:allow` skipped); matches are redacted.',
    ),
    single(
      'security_sast_scan',
      'Static analysis for insecure code',
      'sast',
      'Find insecure code in JavaScript, TypeScript and Python files (eval, command and SQL injection, weak crypto, disabled TLS checks …) with CWE ids and fixes.',
    ),
    defineOperation({
      name: 'security_scan_dependencies',
      title: 'Scan dependencies for advisories',
      description:
        'List the dependencies declared in manifests and lockfiles (npm, PyPI, Go, crates.io, Maven, RubyGems) under a directory and match ' +
        'their versions against the offline OSV advisories (import them with `code-engine advisories import`). Nothing is stored.',
      input: scanInput,
      output: scanOutputSchema.extend({
        advisories: z.number().int().nullable().describe('Advisories in the offline store (0 or null: nothing to match against)'),
        dependencyCount: z.number().int(),
        dependencies: z.array(reportDependencySchema).describe(`Up to ${MAX_DEPENDENCIES} dependencies`),
      }),
      permission: 'security:read',
      effects: 'read',
      timeoutMs: SCAN_TIMEOUT_MS,
      example: { path: 'services/api', minSeverity: 'high' },
      render: (o) =>
        `${renderScan(o)}\n${o.dependencyCount} dependencies checked against ${o.advisories ?? 0} advisories` +
        (o.advisories ? '' : ' (import OSV advisories with `code-engine advisories import`)'),
      run: async (input, ctx) => {
        const { report, output } = await scanDirectory(deps, input, ['deps'], false, ctx);
        return {
          ...output,
          advisories: deps.advisories ? await deps.advisories.count() : null,
          dependencyCount: report.dependencies.length,
          dependencies: report.dependencies.slice(0, MAX_DEPENDENCIES),
        };
      },
    }),
  ];
}
