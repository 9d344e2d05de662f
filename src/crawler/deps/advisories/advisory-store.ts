/**
 * Where advisories live: the interface the matcher and the CLI use, and an in-memory implementation for
 * tests and one-shot scans. The database-backed store is in db-advisory-store.ts.
 */
import type { Advisory, AdvisoryFileProblem } from './osv.js';
import { parseOsvFiles } from './osv.js';
import { normalizePackageName } from './package-name.js';

/** What an import did. */
export interface AdvisoryImportResult {
  /** Advisories not known before. */
  added: number;
  /** Known advisories replaced by a newer `modified`. */
  updated: number;
  /** Known advisories whose stored copy is as new or newer. */
  unchanged: number;
  /** Files or documents that were not valid OSV. */
  problems: AdvisoryFileProblem[];
}

/** A package to look advisories up for. */
export interface PackageKey {
  ecosystem: string;
  name: string;
}

/** One line of `advisories list`. */
export interface AdvisorySummary {
  id: string;
  severity: Advisory['severity'];
  modified: string;
  summary: string | undefined;
  packages: string[];
  withdrawn: boolean;
}

/** Filters of `list`. */
export interface AdvisoryListOptions {
  ecosystem?: string;
  /** Package name (normalised like the stored names). */
  package?: string;
  limit?: number;
  offset?: number;
}

/** The offline advisory database. */
export interface AdvisoryStore {
  /** Import OSV files (one advisory, an array, or `{ vulns: [...] }` per file); newer `modified` wins. */
  import(files: ReadonlyArray<{ path: string; content: string }>): Promise<AdvisoryImportResult>;
  /** Every advisory (withdrawn included) with an affected entry for one of `packages`. */
  forPackages(packages: readonly PackageKey[]): Promise<Advisory[]>;
  /** Summaries ordered by id. */
  list(options?: AdvisoryListOptions): Promise<AdvisorySummary[]>;
  /** How many advisories are stored. */
  count(): Promise<number>;
}

/** The summary line of an advisory. */
export function summarize(a: Advisory): AdvisorySummary {
  return {
    id: a.id,
    severity: a.severity,
    modified: a.modified,
    summary: a.summary,
    packages: [...new Set(a.affected.map((p) => `${p.ecosystem}/${p.name}`))],
    withdrawn: a.withdrawn !== undefined,
  };
}

/** Lookup key of a package: ecosystem and normalised name. */
export function packageKey(ecosystem: string, name: string): string {
  return `${ecosystem}\0${normalizePackageName(ecosystem, name)}`;
}

/** An AdvisoryStore in memory (tests, and scans that load advisories from files without a database). */
export function createMemoryAdvisoryStore(): AdvisoryStore {
  const byId = new Map<string, Advisory>();
  return {
    async import(files) {
      const { advisories, problems } = parseOsvFiles(files);
      const result: AdvisoryImportResult = { added: 0, updated: 0, unchanged: 0, problems };
      for (const a of advisories) {
        const old = byId.get(a.id);
        if (old && old.modified >= a.modified) result.unchanged++;
        else {
          byId.set(a.id, a);
          if (old) result.updated++;
          else result.added++;
        }
      }
      return result;
    },
    async forPackages(packages) {
      const wanted = new Set(packages.map((p) => packageKey(p.ecosystem, p.name)));
      return [...byId.values()].filter((a) => a.affected.some((p) => wanted.has(packageKey(p.ecosystem, p.name))));
    },
    async list(options = {}) {
      const matches = (p: Advisory['affected'][number]) =>
        (!options.ecosystem || p.ecosystem === options.ecosystem) && (!options.package || p.name === options.package);
      const rows = [...byId.values()]
        .filter((a) => (!options.ecosystem && !options.package) || a.affected.some(matches))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const offset = options.offset ?? 0;
      return rows.slice(offset, offset + (options.limit ?? rows.length)).map(summarize);
    },
    async count() {
      return byId.size;
    },
  };
}
