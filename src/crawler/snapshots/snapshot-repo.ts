/**
 * Stores scans (snapshot, files, findings, dependencies) and the per-file result cache, on SQLite and PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Tables } from '../../db/tables.js';
import type { FileAnalysis } from '../analyze/file-analysis.js';
import type { Finding } from '../findings.js';
import type { ReportDependency, ScanReport } from '../report/report-schema.js';

/** One analysed file as stored with a snapshot. */
export interface SnapshotFile {
  path: string;
  contentHash: string;
  language: string | null;
  sizeBytes: number;
  mtimeMs: number;
  code: number;
  comment: number;
  blank: number;
  cacheKey: string;
}

/** The listing view of a snapshot. */
export interface SnapshotSummary {
  id: string;
  root: string;
  createdAt: string;
  durationMs: number;
  gitHead: string | null;
  fileCount: number;
  codeLines: number;
  findingCount: number;
}

/** Everything saved for one scan. */
export interface SnapshotRecord {
  summary: SnapshotSummary;
  analyzerVersion: number;
  /** The report without its `files` (they are the file rows). */
  report: Omit<ScanReport, 'files'>;
  files: readonly SnapshotFile[];
  findings: readonly Finding[];
  dependencies: readonly ReportDependency[];
}

/** Snapshot and cache storage. */
export interface SnapshotRepo {
  getCached(keys: readonly string[]): Promise<Map<string, FileAnalysis>>;
  putCached(entries: ReadonlyArray<{ key: string; result: FileAnalysis }>, createdAt: string): Promise<void>;
  /** Files of the newest snapshot of `root`, by path (for the size+mtime shortcut of rescans). */
  latestFiles(root: string): Promise<Map<string, SnapshotFile>>;
  save(record: SnapshotRecord): Promise<void>;
  list(options?: { root?: string; limit?: number }): Promise<SnapshotSummary[]>;
  get(id: string): Promise<{ summary: SnapshotSummary; report: Omit<ScanReport, 'files'> } | undefined>;
  files(id: string): Promise<SnapshotFile[]>;
  findings(id: string): Promise<Finding[]>;
  dependencies(id: string): Promise<ReportDependency[]>;
  delete(id: string): Promise<boolean>;
}

const CHUNK = 400;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type SnapshotRow = Tables['crawl_snapshots'];

function toSummary(r: Omit<SnapshotRow, 'report' | 'analyzer_version'>): SnapshotSummary {
  return {
    id: r.id,
    root: r.root,
    createdAt: r.created_at,
    durationMs: Number(r.duration_ms),
    gitHead: r.git_head,
    fileCount: Number(r.file_count),
    codeLines: Number(r.code_lines),
    findingCount: Number(r.finding_count),
  };
}

/** The repository over the crawl_* tables. */
export function createSnapshotRepo(db: Database): SnapshotRepo {
  const k: Kysely<Tables> = db.kysely;
  const summaryColumns = ['id', 'root', 'created_at', 'duration_ms', 'git_head', 'file_count', 'code_lines', 'finding_count'] as const;
  return {
    async getCached(keys) {
      const out = new Map<string, FileAnalysis>();
      for (const part of chunks([...new Set(keys)])) {
        if (part.length === 0) continue;
        const rows = await k.selectFrom('crawl_file_cache').select(['cache_key', 'result']).where('cache_key', 'in', part).execute();
        for (const r of rows) out.set(r.cache_key, JSON.parse(r.result) as FileAnalysis);
      }
      return out;
    },
    async putCached(entries, createdAt) {
      for (const part of chunks(entries, 200)) {
        if (part.length === 0) continue;
        await k
          .insertInto('crawl_file_cache')
          .values(part.map((e) => ({ cache_key: e.key, result: JSON.stringify(e.result), created_at: createdAt })))
          .onConflict((oc) => oc.column('cache_key').doNothing())
          .execute();
      }
    },
    async latestFiles(root) {
      const latest = await k
        .selectFrom('crawl_snapshots')
        .select('id')
        .where('root', '=', root)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      const out = new Map<string, SnapshotFile>();
      if (!latest) return out;
      for (const f of await this.files(latest.id)) out.set(f.path, f);
      return out;
    },
    async save(record) {
      const s = record.summary;
      await k.transaction().execute(async (tx) => {
        await tx
          .insertInto('crawl_snapshots')
          .values({
            id: s.id,
            root: s.root,
            created_at: s.createdAt,
            duration_ms: s.durationMs,
            git_head: s.gitHead,
            file_count: s.fileCount,
            code_lines: s.codeLines,
            finding_count: s.findingCount,
            analyzer_version: record.analyzerVersion,
            report: JSON.stringify(record.report),
          })
          .execute();
        for (const part of chunks(record.files)) {
          if (part.length === 0) continue;
          await tx
            .insertInto('crawl_files')
            .values(
              part.map((f) => ({
                snapshot_id: s.id,
                path: f.path,
                content_hash: f.contentHash,
                language: f.language,
                size_bytes: f.sizeBytes,
                mtime_ms: f.mtimeMs,
                code: f.code,
                comment: f.comment,
                blank: f.blank,
                cache_key: f.cacheKey,
              })),
            )
            .execute();
        }
        for (const part of chunks(record.findings)) {
          if (part.length === 0) continue;
          await tx
            .insertInto('crawl_findings')
            .values(
              part.map((f) => ({
                snapshot_id: s.id,
                fingerprint: f.fingerprint,
                rule_id: f.ruleId,
                kind: f.kind,
                severity: f.severity,
                file: f.file,
                start_line: f.startLine,
                data: JSON.stringify(f),
              })),
            )
            .execute();
        }
        for (const part of chunks(record.dependencies)) {
          if (part.length === 0) continue;
          await tx
            .insertInto('crawl_dependencies')
            .values(
              part.map((d) => ({
                snapshot_id: s.id,
                ecosystem: d.ecosystem,
                name: d.name,
                version: d.version ?? null,
                data: JSON.stringify(d),
              })),
            )
            .execute();
        }
      });
    },
    async list(options = {}) {
      let q = k
        .selectFrom('crawl_snapshots')
        .select([...summaryColumns])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit ?? 50);
      if (options.root) q = q.where('root', '=', options.root);
      return (await q.execute()).map(toSummary);
    },
    async get(id) {
      const row = await k.selectFrom('crawl_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? { summary: toSummary(row), report: JSON.parse(row.report) as Omit<ScanReport, 'files'> } : undefined;
    },
    async files(id) {
      const rows = await k.selectFrom('crawl_files').selectAll().where('snapshot_id', '=', id).orderBy('path').execute();
      return rows.map((r) => ({
        path: r.path,
        contentHash: r.content_hash,
        language: r.language,
        sizeBytes: Number(r.size_bytes),
        mtimeMs: Number(r.mtime_ms),
        code: Number(r.code),
        comment: Number(r.comment),
        blank: Number(r.blank),
        cacheKey: r.cache_key,
      }));
    },
    async findings(id) {
      const rows = await k.selectFrom('crawl_findings').select('data').where('snapshot_id', '=', id).orderBy('id').execute();
      return rows.map((r) => JSON.parse(r.data) as Finding);
    },
    async dependencies(id) {
      const rows = await k.selectFrom('crawl_dependencies').select('data').where('snapshot_id', '=', id).orderBy('id').execute();
      return rows.map((r) => JSON.parse(r.data) as ReportDependency);
    },
    async delete(id) {
      const r = await k.deleteFrom('crawl_snapshots').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
