/**
 * `code-engine scan PATH` and `code-engine scans list|show|diff`: the crawler's CLI face. Parses and validates
 * flags, draws a progress bar on a TTY (stderr), renders reports and maps findings to CI exit codes:
 * 0 clean, 1 findings at or above --fail-on (or a failure), 2 bad input (unknown path, bad flag values).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError, hasCode } from '../../core/errors.js';
import { ANALYSES, type Analysis } from '../../crawler/analyze/file-analysis.js';
import { type Finding, SEVERITIES, type Severity, severityAtLeast } from '../../crawler/findings.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../crawler/report/render-report.js';
import type { ScanReport } from '../../crawler/report/report-schema.js';
import type { ScanControl, ScanProgress, ScanResult } from '../../crawler/scan/run-scan.js';
import type { SnapshotDiff } from '../../crawler/snapshots/diff-snapshots.js';
import type { SnapshotSummary } from '../../crawler/snapshots/snapshot-repo.js';
import { renderTable } from './output.js';
import { type CliContext, CliExit, type CliExtension } from './program.js';

/** A validated `scan` command. */
export interface ScanCommandInput {
  path: string;
  analyses: Analysis[] | undefined;
  baselineFile: string | undefined;
  includeSymbols: boolean;
}

/** The work behind the scan commands, implemented in src/main. */
export interface ScanCliHandlers {
  scan(ctx: CliContext, input: ScanCommandInput, control: ScanControl): Promise<ScanResult>;
  scansList(ctx: CliContext, options: { root?: string; limit: number }): Promise<SnapshotSummary[]>;
  scansShow(ctx: CliContext, id: string): Promise<ScanReport>;
  scansDiff(ctx: CliContext, from: string, to: string): Promise<SnapshotDiff>;
}

/** Where the progress bar goes (stderr by default). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

const scanFlags = z.object({
  format: z.enum(REPORT_FORMATS).default('md'),
  out: z.string().min(1).optional(),
  only: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(z.enum(ANALYSES)).min(1).optional()),
  baseline: z.string().min(1).optional(),
  failOn: z.enum(SEVERITIES).optional(),
  symbols: z.boolean().default(false),
  progress: z.boolean().default(true),
});

function parseFlags<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'E_VALIDATION',
      `Invalid option ${issue?.path.join('.') ? `--${String(issue?.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : ''}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** A one-line progress bar: files, files/s, MB/s and ETA. */
export function formatProgress(p: ScanProgress): string {
  const seconds = Math.max(p.elapsedMs / 1000, 0.001);
  const ratio = p.filesTotal > 0 ? p.filesDone / p.filesTotal : 0;
  const width = 24;
  const filled = Math.round(ratio * width);
  const rate = p.filesDone / seconds;
  const eta = rate > 0 && p.filesTotal > p.filesDone ? `ETA ${Math.ceil((p.filesTotal - p.filesDone) / rate)}s` : '';
  if (p.phase === 'listing') return 'listing files…';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.filesDone}/${p.filesTotal} files  ${Math.round(rate)} files/s  ${(p.bytesDone / 1_048_576 / seconds).toFixed(1)} MB/s  ${p.phase === 'finishing' ? 'finishing…' : eta}`;
}

/** Findings at or above the threshold. */
export function failingFindings(findings: readonly Finding[], threshold: Severity | undefined): Finding[] {
  return threshold ? findings.filter((f) => severityAtLeast(f.severity, threshold)) : [];
}

/** The crawler's command group. */
export function scanCommands(handlers: ScanCliHandlers, options: { progress?: ProgressStream } = {}): CliExtension {
  return function addScanCommands(program: Command, kit) {
    const { io } = kit;
    const stream = options.progress ?? process.stderr;
    const notFoundIsUsage = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        if (hasCode(e, 'E_NOT_FOUND')) {
          io.err(`code-engine: ${(e as Error).message}`);
          throw new CliExit(2);
        }
        throw e;
      }
    };
    const emit = async (text: string, out: string | undefined) => {
      if (out) await writeFile(out, text);
      else io.out(text);
    };

    program
      .command('scan')
      .description('scan a code base: languages and lines, symbols and complexity, git history, duplicates, secrets, SAST, dependencies')
      .argument('<path>', 'directory to scan')
      .option('-f, --format <format>', `report format: ${REPORT_FORMATS.join(', ')}`, 'md')
      .option('-o, --out <file>', 'write the report to a file instead of stdout')
      .option('--only <parts>', `comma-separated parts to run: ${ANALYSES.join(', ')}`)
      .option('--baseline <file>', 'leave out findings already in this JSON report (or {"fingerprints": [...]})')
      .option('--fail-on <severity>', `exit 1 when a finding is at least this severe: ${SEVERITIES.join(', ')}`)
      .option('--symbols', 'include symbols and imports per file in the JSON report')
      .option('--no-progress', 'no progress bar, even on a terminal')
      .action(async (path: string, raw: Record<string, unknown>, cmd: Command) => {
        const flags = parseFlags(scanFlags, raw);
        const tty = flags.progress && stream.isTTY === true;
        let lastDrawn = -1;
        const control: ScanControl = tty
          ? {
              onProgress(p) {
                // Redraw at most every 100 ms of scan time, and always on phase ends.
                if (p.phase === 'analyzing' && p.elapsedMs - lastDrawn < 100 && p.filesDone < p.filesTotal) return;
                lastDrawn = p.elapsedMs;
                stream.write(`\r\x1b[2K${formatProgress(p)}`);
              },
            }
          : {};
        const result = await notFoundIsUsage(() =>
          handlers.scan(
            kit.context(cmd),
            { path, analyses: flags.only, baselineFile: flags.baseline, includeSymbols: flags.symbols },
            control,
          ),
        );
        if (tty) stream.write('\r\x1b[2K');
        await emit(renderReport(result.report, flags.format as ReportFormat), flags.out);
        const failing = failingFindings(result.report.findings, flags.failOn);
        if (failing.length > 0) {
          io.err(`code-engine: ${failing.length} finding(s) at or above ${flags.failOn}.`);
          throw new CliExit(1);
        }
      });

    const scans = program.command('scans').description('stored scan snapshots');
    scans
      .command('list')
      .description('list stored snapshots, newest first')
      .option('--root <path>', 'only snapshots of this directory (absolute, as scanned)')
      .option('-n, --limit <n>', 'how many', '20')
      .option('--json', 'print JSON')
      .action(async (raw: Record<string, unknown>, cmd: Command) => {
        const flags = parseFlags(
          z.object({ root: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000), json: z.boolean().optional() }),
          raw,
        );
        const list = await handlers.scansList(kit.context(cmd), { limit: flags.limit, ...(flags.root ? { root: flags.root } : {}) });
        if (flags.json) io.out(JSON.stringify(list, null, 2));
        else if (list.length === 0) io.out('No scans stored yet. Run `code-engine scan PATH`.');
        else
          io.out(
            renderTable(
              ['ID', 'CREATED', 'ROOT', 'FILES', 'CODE', 'FINDINGS'],
              list.map((s) => [s.id, s.createdAt, s.root, s.fileCount, s.codeLines, s.findingCount]),
            ),
          );
      });
    scans
      .command('show')
      .description('print a stored snapshot as a report')
      .argument('<id>', 'snapshot id')
      .option('-f, --format <format>', `report format: ${REPORT_FORMATS.join(', ')}`, 'md')
      .option('-o, --out <file>', 'write to a file instead of stdout')
      .action(async (id: string, raw: Record<string, unknown>, cmd: Command) => {
        const flags = parseFlags(z.object({ format: z.enum(REPORT_FORMATS), out: z.string().optional() }), raw);
        const report = await notFoundIsUsage(() => handlers.scansShow(kit.context(cmd), id));
        await emit(renderReport(report, flags.format), flags.out);
      });
    scans
      .command('diff')
      .description('what changed between two snapshots: files, lines, findings, dependencies')
      .argument('<from>', 'older snapshot id')
      .argument('<to>', 'newer snapshot id')
      .option('--json', 'print JSON')
      .action(async (from: string, to: string, raw: { json?: boolean }, cmd: Command) => {
        const diff = await notFoundIsUsage(() => handlers.scansDiff(kit.context(cmd), from, to));
        io.out(raw.json ? JSON.stringify(diff, null, 2) : renderDiff(diff));
      });
  };
}

/** Plain-text summary of a snapshot diff. */
export function renderDiff(d: SnapshotDiff): string {
  const lines = [
    `${d.from} → ${d.to}`,
    `files: +${d.files.added.length} −${d.files.removed.length} ~${d.files.changed.length} (${d.files.unchanged} unchanged)`,
    `lines: +${d.lines.added} −${d.lines.removed} (code ${signed(d.lines.codeDelta)}, comments ${signed(d.lines.commentDelta)}, blank ${signed(d.lines.blankDelta)})`,
    `findings: ${d.findings.new.length} new, ${d.findings.fixed.length} fixed, ${d.findings.unchanged} unchanged`,
    `dependencies: ${d.dependencies.added.length} added, ${d.dependencies.removed.length} removed`,
  ];
  for (const f of d.findings.new) lines.push(`  new   ${f.severity.toUpperCase()} ${f.ruleId} ${f.file}:${f.startLine}`);
  for (const f of d.findings.fixed) lines.push(`  fixed ${f.severity.toUpperCase()} ${f.ruleId} ${f.file}:${f.startLine}`);
  for (const p of d.dependencies.added) lines.push(`  dep+  ${p.ecosystem} ${p.name}${p.version ? `@${p.version}` : ''} (${p.file})`);
  return lines.join('\n');
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
