/**
 * The AdvisoryStore over the database (SQLite or PostgreSQL): advisories in `crawler_advisories`, their
 * affected packages in `crawler_advisory_packages`, looked up by (ecosystem, normalised name).
 */
import type { Clock } from '../../../core/deps.js';
import type { Database } from '../../../db/database.js';
import type { Severity } from '../../findings.js';
import '../migrations.js';
import type { AdvisoryImportResult, AdvisoryStore } from './advisory-store.js';
import { summarize } from './advisory-store.js';
import type { Advisory, AffectedPackage } from './osv.js';
import { parseOsvFiles } from './osv.js';
import { normalizePackageName } from './package-name.js';

/** Rows per IN (…) list: well below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type AdvisoryRow = {
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
};

function toAdvisory(row: AdvisoryRow, affected: AffectedPackage[]): Advisory {
  return {
    id: row.id,
    modified: row.modified,
    published: row.published ?? undefined,
    withdrawn: row.withdrawn ?? undefined,
    aliases: JSON.parse(row.aliases) as string[],
    summary: row.summary ?? undefined,
    details: row.details ?? undefined,
    severity: row.severity as Severity,
    cvssScore: row.cvss_score ?? undefined,
    cwe: JSON.parse(row.cwe) as string[],
    references: JSON.parse(row.refs) as string[],
    affected,
  };
}

/**
 * The database-backed advisory store. Run `advisoryMigrations` first (src/main does).
 * @example const store = createAdvisoryStore(runtime.db, runtime.deps.clock); await store.import(files);
 */
export function createAdvisoryStore(db: Database, clock: Clock): AdvisoryStore {
  const k = db.kysely;

  async function loadAffected(ids: readonly string[]): Promise<Map<string, AffectedPackage[]>> {
    const out = new Map<string, AffectedPackage[]>();
    for (const part of chunks(ids)) {
      const rows = await k.selectFrom('crawler_advisory_packages').selectAll().where('advisory_id', 'in', part).orderBy('id').execute();
      for (const r of rows) {
        const list = out.get(r.advisory_id) ?? [];
        list.push({ ecosystem: r.ecosystem, name: r.name, ranges: JSON.parse(r.ranges), versions: JSON.parse(r.versions) });
        out.set(r.advisory_id, list);
      }
    }
    return out;
  }

  async function load(ids: readonly string[]): Promise<Advisory[]> {
    if (ids.length === 0) return [];
    const affected = await loadAffected(ids);
    const out: Advisory[] = [];
    for (const part of chunks(ids)) {
      const rows = await k.selectFrom('crawler_advisories').selectAll().where('id', 'in', part).orderBy('id').execute();
      for (const r of rows) out.push(toAdvisory(r, affected.get(r.id) ?? []));
    }
    return out;
  }

  return {
    async import(files) {
      const { advisories, problems } = parseOsvFiles(files);
      const result: AdvisoryImportResult = { added: 0, updated: 0, unchanged: 0, problems };
      // The newest copy of each id in this batch wins, as it would across separate imports.
      const latest = new Map<string, Advisory>();
      for (const a of advisories) {
        const seen = latest.get(a.id);
        if (!seen || seen.modified < a.modified) latest.set(a.id, a);
        else result.unchanged++;
      }
      const importedAt = new Date(clock.now()).toISOString();
      await k.transaction().execute(async (trx) => {
        const known = new Map<string, string>();
        for (const part of chunks([...latest.keys()])) {
          const rows = await trx.selectFrom('crawler_advisories').select(['id', 'modified']).where('id', 'in', part).execute();
          for (const r of rows) known.set(r.id, r.modified);
        }
        for (const a of latest.values()) {
          const stored = known.get(a.id);
          if (stored !== undefined && stored >= a.modified) {
            result.unchanged++;
            continue;
          }
          const row = {
            id: a.id,
            modified: a.modified,
            published: a.published ?? null,
            withdrawn: a.withdrawn ?? null,
            aliases: JSON.stringify(a.aliases),
            summary: a.summary ?? null,
            details: a.details ?? null,
            severity: a.severity,
            cvss_score: a.cvssScore ?? null,
            cwe: JSON.stringify(a.cwe),
            refs: JSON.stringify(a.references),
            source: null,
            imported_at: importedAt,
          };
          if (stored === undefined) {
            await trx.insertInto('crawler_advisories').values(row).execute();
            result.added++;
          } else {
            await trx.updateTable('crawler_advisories').set(row).where('id', '=', a.id).execute();
            await trx.deleteFrom('crawler_advisory_packages').where('advisory_id', '=', a.id).execute();
            result.updated++;
          }
          if (a.affected.length > 0)
            await trx
              .insertInto('crawler_advisory_packages')
              .values(
                a.affected.map((p) => ({
                  advisory_id: a.id,
                  ecosystem: p.ecosystem,
                  name: p.name,
                  ranges: JSON.stringify(p.ranges),
                  versions: JSON.stringify(p.versions),
                })),
              )
              .execute();
        }
      });
      return result;
    },

    async forPackages(packages) {
      const byEcosystem = new Map<string, Set<string>>();
      for (const p of packages) {
        const set = byEcosystem.get(p.ecosystem) ?? new Set<string>();
        set.add(normalizePackageName(p.ecosystem, p.name));
        byEcosystem.set(p.ecosystem, set);
      }
      const ids = new Set<string>();
      for (const [ecosystem, names] of byEcosystem)
        for (const part of chunks([...names])) {
          const rows = await k
            .selectFrom('crawler_advisory_packages')
            .select('advisory_id')
            .distinct()
            .where('ecosystem', '=', ecosystem)
            .where('name', 'in', part)
            .execute();
          for (const r of rows) ids.add(r.advisory_id);
        }
      return load([...ids].sort());
    },

    async list(options = {}) {
      let q = k.selectFrom('crawler_advisories').select('id').orderBy('id');
      if (options.ecosystem || options.package) {
        let sub = k.selectFrom('crawler_advisory_packages').select('advisory_id');
        if (options.ecosystem) sub = sub.where('ecosystem', '=', options.ecosystem);
        if (options.package)
          sub = sub.where('name', '=', options.ecosystem ? normalizePackageName(options.ecosystem, options.package) : options.package);
        q = q.where('id', 'in', sub);
      }
      if (options.limit !== undefined) q = q.limit(options.limit);
      if (options.offset) q = (options.limit === undefined ? q.limit(1_000_000_000) : q).offset(options.offset);
      const ids = (await q.execute()).map((r) => r.id);
      return (await load(ids)).map(summarize);
    },

    async count() {
      const row = await k
        .selectFrom('crawler_advisories')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
