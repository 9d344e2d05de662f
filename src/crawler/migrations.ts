/**
 * Tables of crawl snapshots: one row per scan, its files (with content hashes), findings and dependencies,
 * and the per-file result cache that makes rescans of unchanged trees cheap.
 */
import type { Generated } from 'kysely';
import type { AppMigration } from '../db/migration.js';
import { serialType } from '../db/migration.js';

/** One scan. `report` is the JSON report without its `files` list (those rows are in crawl_files). */
export interface CrawlSnapshotsTable {
  id: string;
  root: string;
  created_at: string;
  duration_ms: number;
  git_head: string | null;
  file_count: number;
  code_lines: number;
  finding_count: number;
  analyzer_version: number;
  report: string;
}

/** One analysed file of a snapshot. */
export interface CrawlFilesTable {
  snapshot_id: string;
  path: string;
  content_hash: string;
  language: string | null;
  size_bytes: number;
  mtime_ms: number;
  code: number;
  comment: number;
  blank: number;
  cache_key: string;
}

/** One finding of a snapshot; `data` is the whole Finding as JSON. */
export interface CrawlFindingsTable {
  id: Generated<number>;
  snapshot_id: string;
  fingerprint: string;
  rule_id: string;
  kind: string;
  severity: string;
  file: string;
  start_line: number;
  data: string;
}

/** One dependency of a snapshot; `data` is the dependency as JSON. */
export interface CrawlDependenciesTable {
  id: Generated<number>;
  snapshot_id: string;
  ecosystem: string;
  name: string;
  version: string | null;
  data: string;
}

/** Per-file analysis results by (analyzer version, path, content hash). */
export interface CrawlFileCacheTable {
  cache_key: string;
  result: string;
  created_at: string;
}

declare module '../db/tables.js' {
  interface Tables {
    crawl_snapshots: CrawlSnapshotsTable;
    crawl_files: CrawlFilesTable;
    crawl_findings: CrawlFindingsTable;
    crawl_dependencies: CrawlDependenciesTable;
    crawl_file_cache: CrawlFileCacheTable;
  }
}

/** The crawler's migrations (listed once in src/main/migrations.ts). */
export const crawlerMigrations: AppMigration[] = [
  {
    name: '2026-11-26-001-crawler-snapshots',
    async up(db, dialect) {
      await db.schema
        .createTable('crawl_snapshots')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('root', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('git_head', 'text')
        .addColumn('file_count', 'integer', (c) => c.notNull())
        .addColumn('code_lines', 'bigint', (c) => c.notNull())
        .addColumn('finding_count', 'integer', (c) => c.notNull())
        .addColumn('analyzer_version', 'integer', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('crawl_snapshots_root').on('crawl_snapshots').columns(['root', 'created_at']).execute();
      await db.schema
        .createTable('crawl_files')
        .addColumn('snapshot_id', 'text', (c) => c.notNull().references('crawl_snapshots.id').onDelete('cascade'))
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('language', 'text')
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('mtime_ms', 'bigint', (c) => c.notNull())
        .addColumn('code', 'integer', (c) => c.notNull())
        .addColumn('comment', 'integer', (c) => c.notNull())
        .addColumn('blank', 'integer', (c) => c.notNull())
        .addColumn('cache_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('crawl_files_pk', ['snapshot_id', 'path'])
        .execute();
      for (const table of ['crawl_findings', 'crawl_dependencies'] as const) {
        let t = db.schema
          .createTable(table)
          .addColumn('id', serialType(dialect), (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
          .addColumn('snapshot_id', 'text', (c) => c.notNull().references('crawl_snapshots.id').onDelete('cascade'));
        t =
          table === 'crawl_findings'
            ? t
                .addColumn('fingerprint', 'text', (c) => c.notNull())
                .addColumn('rule_id', 'text', (c) => c.notNull())
                .addColumn('kind', 'text', (c) => c.notNull())
                .addColumn('severity', 'text', (c) => c.notNull())
                .addColumn('file', 'text', (c) => c.notNull())
                .addColumn('start_line', 'integer', (c) => c.notNull())
            : t
                .addColumn('ecosystem', 'text', (c) => c.notNull())
                .addColumn('name', 'text', (c) => c.notNull())
                .addColumn('version', 'text');
        await t.addColumn('data', 'text', (c) => c.notNull()).execute();
        await db.schema.createIndex(`${table}_snapshot`).on(table).column('snapshot_id').execute();
      }
      await db.schema
        .createTable('crawl_file_cache')
        .addColumn('cache_key', 'text', (c) => c.primaryKey())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db) {
      for (const t of ['crawl_file_cache', 'crawl_dependencies', 'crawl_findings', 'crawl_files', 'crawl_snapshots'])
        await db.schema.dropTable(t).execute();
    },
  },
];
