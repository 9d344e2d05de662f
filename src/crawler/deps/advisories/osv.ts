/**
 * OSV advisories (https://ossf.github.io/osv-schema/): the zod schema for files coming from outside, and
 * their conversion into the compact `Advisory` record that the store keeps and the matcher reads.
 */
import { z } from 'zod';
import type { Severity } from '../../findings.js';
import { cvss3BaseScore, severityOfScore } from './cvss.js';
import { normalizePackageName } from './package-name.js';

const eventSchema = z.union([
  z.object({ introduced: z.string().min(1) }),
  z.object({ fixed: z.string().min(1) }),
  z.object({ last_affected: z.string().min(1) }),
  z.object({ limit: z.string().min(1) }),
]);

const rangeSchema = z.object({
  type: z.string().min(1).describe('SEMVER, ECOSYSTEM or GIT'),
  repo: z.string().optional(),
  events: z.array(eventSchema).min(1),
});

const affectedSchema = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1), purl: z.string().optional() }).optional(),
  ranges: z.array(rangeSchema).optional(),
  versions: z.array(z.string()).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

/** One OSV document (unknown fields are allowed and ignored). */
export const osvSchema = z.object({
  schema_version: z.string().optional(),
  id: z.string().min(1).max(200),
  modified: z.string().min(1),
  published: z.string().optional(),
  withdrawn: z.string().optional(),
  aliases: z.array(z.string()).optional(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(z.object({ type: z.string(), score: z.string() })).optional(),
  affected: z.array(affectedSchema).optional(),
  references: z.array(z.object({ type: z.string().optional(), url: z.string() })).optional(),
  database_specific: z.record(z.string(), z.unknown()).optional(),
});

/** An OSV document as parsed. */
export type OsvDocument = z.infer<typeof osvSchema>;

/** One version-range event: exactly one of introduced, fixed, last_affected or limit. */
export type OsvEvent = { introduced: string } | { fixed: string } | { last_affected: string } | { limit: string };

/** An OSV range: its type (SEMVER, ECOSYSTEM, GIT) and its events. */
export interface OsvRange {
  type: string;
  events: OsvEvent[];
}

/** One affected package of an advisory, with its name normalised for lookups. */
export interface AffectedPackage {
  /** OSV ecosystem, e.g. "npm", "PyPI", "Go", "crates.io", "Maven", "RubyGems" (others are kept but not matched). */
  ecosystem: string;
  /** Normalised name (see normalizePackageName). */
  name: string;
  ranges: OsvRange[];
  /** Explicitly listed affected versions. */
  versions: string[];
}

/** The stored form of an advisory. */
export interface Advisory {
  id: string;
  modified: string;
  published?: string | undefined;
  withdrawn?: string | undefined;
  aliases: string[];
  summary?: string | undefined;
  details?: string | undefined;
  severity: Severity;
  /** CVSS v3 base score, when the advisory carries a v3 vector. */
  cvssScore?: number | undefined;
  cwe: string[];
  references: string[];
  affected: AffectedPackage[];
}

const GHSA_SEVERITY: Record<string, Severity> = { LOW: 'low', MODERATE: 'medium', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' };

/** Severity from the database-specific rating (GitHub), else the CVSS v3 vector, else medium. */
function severityOf(doc: OsvDocument): { severity: Severity; cvssScore: number | undefined } {
  const vector = doc.severity?.find((s) => s.type === 'CVSS_V3')?.score;
  const cvssScore = vector ? cvss3BaseScore(vector) : undefined;
  const textual = doc.database_specific?.severity;
  if (typeof textual === 'string' && GHSA_SEVERITY[textual.toUpperCase()])
    return { severity: GHSA_SEVERITY[textual.toUpperCase()] as Severity, cvssScore };
  return { severity: cvssScore !== undefined ? severityOfScore(cvssScore) : 'medium', cvssScore };
}

function cweIds(doc: OsvDocument): string[] {
  const raw = doc.database_specific?.cwe_ids;
  return Array.isArray(raw) ? raw.filter((c): c is string => typeof c === 'string' && /^CWE-\d+$/.test(c)) : [];
}

/** Convert a parsed OSV document into the stored advisory form. */
export function advisoryFromOsv(doc: OsvDocument): Advisory {
  const { severity, cvssScore } = severityOf(doc);
  const affected: AffectedPackage[] = [];
  for (const a of doc.affected ?? []) {
    if (!a.package) continue;
    affected.push({
      ecosystem: a.package.ecosystem,
      name: normalizePackageName(a.package.ecosystem, a.package.name),
      ranges: (a.ranges ?? []).map((r) => ({ type: r.type, events: r.events as OsvEvent[] })),
      versions: a.versions ?? [],
    });
  }
  return {
    id: doc.id,
    modified: doc.modified,
    published: doc.published,
    withdrawn: doc.withdrawn,
    aliases: doc.aliases ?? [],
    summary: doc.summary,
    details: doc.details,
    severity,
    cvssScore,
    cwe: cweIds(doc),
    references: (doc.references ?? []).map((r) => r.url),
    affected,
  };
}

/** A file that could not be imported, and why. */
export interface AdvisoryFileProblem {
  path: string;
  message: string;
}

/**
 * Parse advisory files: each holds one OSV object, an array of them, or `{ "vulns": [...] }` (osv.dev's query
 * output). Invalid documents are reported per file and skipped; valid ones in the same file still count.
 */
export function parseOsvFiles(files: ReadonlyArray<{ path: string; content: string }>): {
  advisories: Advisory[];
  problems: AdvisoryFileProblem[];
} {
  const advisories: Advisory[] = [];
  const problems: AdvisoryFileProblem[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(file.content);
    } catch (e) {
      problems.push({ path: file.path, message: `not JSON: ${(e as Error).message}` });
      continue;
    }
    const docs = Array.isArray(json)
      ? json
      : typeof json === 'object' && json !== null && Array.isArray((json as { vulns?: unknown }).vulns)
        ? (json as { vulns: unknown[] }).vulns
        : [json];
    docs.forEach((doc, i) => {
      const parsed = osvSchema.safeParse(doc);
      if (parsed.success) advisories.push(advisoryFromOsv(parsed.data));
      else {
        const issue = parsed.error.issues[0];
        const where = `${docs.length > 1 ? `[${i}]` : ''}${issue?.path.length ? `.${issue.path.join('.')}` : ''}`;
        problems.push({ path: file.path, message: `not an OSV advisory${where ? ` at ${where}` : ''}: ${issue?.message ?? 'invalid'}` });
      }
    });
  }
  return { advisories, problems };
}
