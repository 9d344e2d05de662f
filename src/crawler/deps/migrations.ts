/**
 * Tables of the offline advisory database: one row per OSV advisory, one per affected package (indexed by
 * ecosystem and normalised name, which is how dependencies are looked up).
 */
import type { AppMigration } from '../../db/migration.js';
import { serialType } from '../../db/migration.js';

/** Row of `crawler_advisories`: arrays are JSON text, times ISO-8601 text. */
export interface CrawlerAdvisoriesTable {
  id: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  aliases: string;
  summary: string | null;
  details: string | null;
  severity: string;
  cvss_score: number | null;
  cwe: string;
  refs: string;
  source: string | null;
  imported_at: string;
}

/** Row of `crawler_advisory_packages`: ranges and versions are JSON text. */
export interface CrawlerAdvisoryPackagesTable {
  id: import('kysely').Generated<number>;
  advisory_id: string;
  ecosystem: string;
  name: string;
  ranges: string;
  versions: string;
}

declare module '../../db/tables.js' {
  interface Tables {
    crawler_advisories: CrawlerAdvisoriesTable;
    crawler_advisory_packages: CrawlerAdvisoryPackagesTable;
  }
}

/** Migrations of the advisory store (listed once in src/main/migrations.ts). */
export const advisoryMigrations: AppMigration[] = [
  {
    name: '2026-11-25-100-crawler-advisories',
    async up(db, dialect) {
      await db.schema
        .createTable('crawler_advisories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('modified', 'text', (c) => c.notNull())
        .addColumn('published', 'text')
        .addColumn('withdrawn', 'text')
        .addColumn('aliases', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('details', 'text')
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('cvss_score', 'real')
        .addColumn('cwe', 'text', (c) => c.notNull())
        .addColumn('refs', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('crawler_advisory_packages')
        .addColumn('id', serialType(dialect), (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('advisory_id', 'text', (c) => c.notNull().references('crawler_advisories.id').onDelete('cascade'))
        .addColumn('ecosystem', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('ranges', 'text', (c) => c.notNull())
        .addColumn('versions', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('crawler_advisory_packages_lookup')
        .on('crawler_advisory_packages')
        .columns(['ecosystem', 'name'])
        .execute();
      await db.schema.createIndex('crawler_advisory_packages_advisory').on('crawler_advisory_packages').column('advisory_id').execute();
    },
    async down(db) {
      await db.schema.dropTable('crawler_advisory_packages').execute();
      await db.schema.dropTable('crawler_advisories').execute();
    },
  },
];
