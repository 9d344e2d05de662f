/**
 * The scan pipeline: list → stat → (cache by size+mtime or content hash) → analyse in workers → fold into
 * a report → git history, hotspots, duplicates, dependencies, baseline → store the snapshot.
 * Contents are read in small batches and dropped once analysed, so memory stays flat on large trees.
 */
import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CrawlerConfig } from '../../core/config/crawler.js';
import type { Clock, Ids } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { type AnalysisPool, createAnalysisPool } from '../analyze/analysis-pool.js';
import { ANALYSES, ANALYZER_VERSION, type Analysis, type AnalyzeSettings, type FileAnalysis } from '../analyze/file-analysis.js';
import { findDuplicates } from '../duplicates/find-duplicates.js';
import { compareFindings } from '../findings.js';
import { type GitHistory, readGitHistory } from '../git/git-history.js';
import { createGit } from '../git/run-git.js';
import type { ScanReport } from '../report/report-schema.js';
import type { SnapshotFile, SnapshotRepo } from '../snapshots/snapshot-repo.js';
import { listFiles, type ScanWarning } from '../walk/list-files.js';
import { readSourceFile, statSourceFile } from '../walk/read-source-file.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { type DependencyStage, noDependencyStage } from './dependency-stage.js';
import { createReportBuilder, type ReportBuilder } from './report-builder.js';

/** What to scan and how. */
export interface ScanOptions {
  root: string;
  /** Parts to run; default all. */
  analyses?: readonly Analysis[];
  /** Keep symbols and imports per file in the report. */
  includeSymbols?: boolean;
  baseline?: Baseline;
  /** Store the snapshot (needs a repo). Default true when a repo is given. */
  store?: boolean;
}

/** Progress of a running scan, for progress bars and job status. */
export interface ScanProgress {
  phase: 'listing' | 'analyzing' | 'finishing';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  elapsedMs: number;
}

/** Cancellation and progress of one scan. */
export interface ScanControl {
  signal?: AbortSignal;
  onProgress?(progress: ScanProgress): void;
}

/** What a scan needs from its surroundings. */
export interface ScanEnv {
  config: CrawlerConfig;
  clock: Clock;
  ids: Ids;
  version: string;
  repo?: SnapshotRepo;
  dependencies?: DependencyStage;
  /** Parent environment for git (HOME, LANG … so the global excludes file is found); src/main passes process.env. */
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** From `.ts` sources, run the built dist/ worker (tests of the real worker threads). */
  preferBuiltWorker?: boolean;
}

/** A finished scan. */
export interface ScanResult {
  snapshotId: string | null;
  report: ScanReport;
}

const BATCH = 48;

/** Resolve and check the scan root: E_NOT_FOUND when missing, E_VALIDATION when not a directory. */
export async function resolveScanRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(resolve(root));
  } catch {
    throw new AppError('E_NOT_FOUND', `No directory at ${root}.`);
  }
  if (!(await stat(real)).isDirectory()) throw new AppError('E_VALIDATION', `${root} is not a directory.`);
  return real;
}

/** Run one scan. */
export async function runScan(options: ScanOptions, env: ScanEnv, control: ScanControl = {}): Promise<ScanResult> {
  const { clock, config } = env;
  const signal = control.signal;
  const started = clock.monotonic();
  const startedAt = new Date(clock.now()).toISOString();
  const analyses = [...new Set(options.analyses ?? ANALYSES)].sort() as Analysis[];
  const on = new Set(analyses);
  const root = await resolveScanRoot(options.root);
  const builder = createReportBuilder({ includeSymbols: options.includeSymbols === true, maxWarnings: config.maxWarnings });
  const progress = (phase: ScanProgress['phase'], filesDone: number, filesTotal: number, bytesDone: number) =>
    control.onProgress?.({ phase, filesDone, filesTotal, bytesDone, elapsedMs: Math.round(clock.monotonic() - started) });

  progress('listing', 0, 0, 0);
  const gitRunner = createGit(root, env.processEnv ? { baseEnv: env.processEnv } : {});
  const git = (await gitRunner.isWorkTree(signal)) ? gitRunner : undefined;
  const history: Promise<GitHistory | null> =
    on.has('git') && git && config.maxCommits > 0
      ? readGitHistory(git, { maxCommits: config.maxCommits, ...(signal ? { signal } : {}) }).catch((e: Error) => {
          builder.addWarning({ path: '.', reason: 'git', detail: e.message.slice(0, 300) });
          return null;
        })
      : Promise.resolve(null);
  const paths = await listFiles(root, {
    excludes: config.excludes,
    git,
    ...(signal ? { signal } : {}),
    onWarning: (w) => builder.addWarning(w),
  });
  signal?.throwIfAborted();

  const store = env.repo !== undefined && options.store !== false;
  const previous = env.repo ? await env.repo.latestFiles(root) : new Map<string, SnapshotFile>();
  const settings: AnalyzeSettings = { analyses, parseMaxBytes: config.parseMaxBytes, minDuplicateTokens: config.minDuplicateTokens };
  const versionKey = `${ANALYZER_VERSION}|${analyses.join(',')}|${config.parseMaxBytes}|${config.minDuplicateTokens}`;
  const keyOf = (path: string, hash: string) => createHash('sha256').update(`${versionKey}\0${path}\0${hash}`).digest('hex').slice(0, 40);
  const stage = on.has('deps') ? (env.dependencies ?? noDependencyStage) : noDependencyStage;
  const manifests: Array<{ path: string; content: string }> = [];
  const rows: SnapshotFile[] = [];
  const pool = createAnalysisPool({ workers: config.workers, preferBuiltWorker: env.preferBuiltWorker === true });
  let filesDone = 0;
  let bytesDone = 0;
  try {
    const inFlight = new Set<Promise<void>>();
    const limit = Math.max(2, pool.threads * 2);
    for (let i = 0; i < paths.length; i += BATCH) {
      signal?.throwIfAborted();
      const work = await prepareBatch(paths.slice(i, i + BATCH), {
        root,
        config,
        previous,
        keyOf,
        builder,
        stage,
        manifests,
        rows,
        repo: env.repo,
        clock,
      });
      filesDone += work.done;
      bytesDone += work.bytes;
      if (work.toAnalyze.length > 0) {
        const job = analyzeBatch(pool, work.toAnalyze, settings, signal, { builder, rows, repo: store ? env.repo : undefined, clock }).then(
          () => {
            filesDone += work.toAnalyze.length;
            bytesDone += work.toAnalyze.reduce((n, f) => n + f.bytes.length, 0);
            progress('analyzing', filesDone, paths.length, bytesDone);
          },
        );
        const tracked = job.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        if (inFlight.size >= limit) await Promise.race(inFlight);
      }
      progress('analyzing', filesDone, paths.length, bytesDone);
    }
    await Promise.all(inFlight);
  } finally {
    await pool.close();
  }

  progress('finishing', filesDone, paths.length, bytesDone);
  const gitHistory = await history;
  const deps = await stage.analyze(manifests, signal);
  for (const w of deps.warnings ?? []) builder.addWarning(w);
  const { kept, suppressed } = applyBaseline([...builder.findings, ...deps.findings], options.baseline);
  kept.sort(compareFindings);
  builder.files.sort((a, b) => a.path.localeCompare(b.path));
  const snapshotId = store ? env.ids.uuid() : null;
  const report: ScanReport = {
    schemaVersion: 1,
    tool: { name: 'code-engine', version: env.version, analyzerVersion: ANALYZER_VERSION },
    snapshotId,
    root,
    startedAt,
    durationMs: Math.round(clock.monotonic() - started),
    analyses,
    totals: builder.totals(),
    languages: builder.languages(),
    files: builder.files,
    complexity: builder.complexity(),
    git: gitHistory
      ? {
          head: gitHistory.head,
          commits: gitHistory.commits,
          truncated: gitHistory.truncated,
          firstCommitAt: gitHistory.firstCommitAt,
          lastCommitAt: gitHistory.lastCommitAt,
          authors: gitHistory.authors.slice(0, 25),
        }
      : null,
    hotspots: gitHistory ? hotspots(gitHistory, builder.complexityByFile) : [],
    duplicates: on.has('duplicates')
      ? [
          ...findDuplicates('file', builder.fileCandidates, { limit: 100 }),
          ...findDuplicates('function', builder.functionCandidates, { limit: 100 }),
        ]
      : [],
    dependencies: deps.dependencies,
    findings: kept,
    baseline: options.baseline ? { file: options.baseline.file, suppressed } : null,
    warnings: builder.warnings(),
  };
  if (store && env.repo && snapshotId) {
    const { files: _files, ...withoutFiles } = report;
    rows.sort((a, b) => a.path.localeCompare(b.path));
    await env.repo.save({
      summary: {
        id: snapshotId,
        root,
        createdAt: startedAt,
        durationMs: report.durationMs,
        gitHead: gitHistory?.head ?? null,
        fileCount: report.totals.files,
        codeLines: report.totals.code,
        findingCount: kept.length,
      },
      analyzerVersion: ANALYZER_VERSION,
      report: withoutFiles,
      files: rows,
      findings: kept,
      dependencies: deps.dependencies,
    });
  }
  return { snapshotId, report };
}

interface BatchContext {
  root: string;
  config: CrawlerConfig;
  previous: Map<string, SnapshotFile>;
  keyOf(path: string, hash: string): string;
  builder: ReportBuilder;
  stage: DependencyStage;
  manifests: Array<{ path: string; content: string }>;
  rows: SnapshotFile[];
  repo: SnapshotRepo | undefined;
  clock: Clock;
}

interface ToAnalyze {
  path: string;
  bytes: Buffer;
  key: string;
  mtimeMs: number;
}

/** Stat, reuse cached results, read what is left. Returns files still to analyse. */
async function prepareBatch(paths: string[], ctx: BatchContext): Promise<{ toAnalyze: ToAnalyze[]; done: number; bytes: number }> {
  const { config } = ctx;
  const stats = await Promise.all(paths.map((p) => statSourceFile(ctx.root, p, config.maxFileBytes)));
  const candidates: Array<{ path: string; realPath: string; mtimeMs: number; sizeBytes: number; key?: string }> = [];
  for (const [i, s] of stats.entries()) {
    const path = paths[i] as string;
    if (!s.ok) {
      ctx.builder.addWarning(s.warning);
      continue;
    }
    const prev = ctx.previous.get(path);
    // The previous key must be this scan's key of the same content: a scan with other analyses or limits cached other results.
    const unchanged =
      prev && prev.sizeBytes === s.sizeBytes && prev.mtimeMs === s.mtimeMs && prev.cacheKey === ctx.keyOf(path, prev.contentHash);
    candidates.push({
      path,
      realPath: s.realPath,
      mtimeMs: s.mtimeMs,
      sizeBytes: s.sizeBytes,
      ...(unchanged ? { key: prev.cacheKey } : {}),
    });
  }
  // Files whose size and mtime match the previous snapshot are not even read when their result is cached.
  const quick = ctx.repo ? await ctx.repo.getCached(candidates.flatMap((c) => (c.key ? [c.key] : []))) : new Map<string, FileAnalysis>();
  const toRead = candidates.filter((c) => !(c.key && quick.has(c.key)));
  const read = await Promise.all(toRead.map((c) => readSourceFile(c.path, c, config.maxFileBytes)));
  const hashed: ToAnalyze[] = [];
  for (const r of read) {
    if (!r.ok) {
      ctx.builder.addWarning(r.warning);
      continue;
    }
    const hash = createHash('sha256').update(r.file.bytes).digest('hex');
    hashed.push({ path: r.file.path, bytes: r.file.bytes, key: ctx.keyOf(r.file.path, hash), mtimeMs: r.file.mtimeMs });
  }
  const byHash = ctx.repo && hashed.length > 0 ? await ctx.repo.getCached(hashed.map((h) => h.key)) : new Map<string, FileAnalysis>();
  let done = 0;
  let bytes = 0;
  const record = (a: FileAnalysis, key: string, mtimeMs: number) => {
    ctx.builder.addFile(a, true);
    ctx.rows.push(rowOf(a, key, mtimeMs));
    done++;
    bytes += a.sizeBytes;
  };
  for (const c of candidates) {
    const hit = c.key ? quick.get(c.key) : undefined;
    if (hit && c.key) record(hit, c.key, c.mtimeMs);
  }
  const toAnalyze: ToAnalyze[] = [];
  for (const h of hashed) {
    const hit = byHash.get(h.key);
    if (hit) record(hit, h.key, h.mtimeMs);
    else toAnalyze.push(h);
  }
  for (const c of candidates) {
    if (!ctx.stage.isManifest(c.path)) continue;
    const inMemory = hashed.find((h) => h.path === c.path);
    const bytesOf = inMemory
      ? inMemory.bytes
      : await readSourceFile(c.path, c, config.maxFileBytes).then((r) => (r.ok ? r.file.bytes : undefined));
    if (bytesOf) ctx.manifests.push({ path: c.path, content: bytesOf.toString('utf8') });
  }
  return { toAnalyze, done, bytes };
}

async function analyzeBatch(
  pool: AnalysisPool,
  files: ToAnalyze[],
  settings: AnalyzeSettings,
  signal: AbortSignal | undefined,
  ctx: { builder: ReportBuilder; rows: SnapshotFile[]; repo: SnapshotRepo | undefined; clock: Clock },
): Promise<void> {
  const results = await pool.analyze({ files: files.map((f) => ({ path: f.path, bytes: f.bytes })), settings }, signal);
  const fresh: Array<{ key: string; result: FileAnalysis }> = [];
  for (const [i, a] of results.entries()) {
    const f = files[i] as ToAnalyze;
    ctx.builder.addFile(a, false);
    ctx.rows.push(rowOf(a, f.key, f.mtimeMs));
    fresh.push({ key: f.key, result: a });
  }
  if (ctx.repo) await ctx.repo.putCached(fresh, new Date(ctx.clock.now()).toISOString());
}

function rowOf(a: FileAnalysis, cacheKey: string, mtimeMs: number): SnapshotFile {
  const l = a.lines ?? { code: 0, comment: 0, blank: 0 };
  return { path: a.path, contentHash: a.contentHash, language: a.language, sizeBytes: a.sizeBytes, mtimeMs, ...l, cacheKey };
}

function hotspots(git: GitHistory, complexityByFile: Map<string, number>): ScanReport['hotspots'] {
  const out: ScanReport['hotspots'] = [];
  for (const [file, complexity] of complexityByFile) {
    const churn = git.files.get(file);
    if (!churn) continue;
    out.push({
      file,
      commits: churn.commits,
      churn: churn.linesAdded + churn.linesDeleted,
      complexity,
      score: churn.commits * complexity,
      lastChange: churn.lastChange,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.file.localeCompare(b.file)).slice(0, 25);
}

export type { ScanWarning };
