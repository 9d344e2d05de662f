/**
 * The findings model shared by every crawler analyzer (secrets, SAST, dependency advisories, …):
 * analyzers return `Finding[]`; snapshots, baselines, diffs and reports (JSON, Markdown, SARIF) consume them.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** What produced a finding. New kinds are added here (and mapped in the SARIF report). */
export const findingKindSchema = z
  .enum(['secret', 'sast', 'vuln-dep', 'license', 'quality'])
  .describe('Analyzer family: secret, sast, vuln-dep (vulnerable dependency), license, quality.');
/** Analyzer family of a finding. */
export type FindingKind = z.infer<typeof findingKindSchema>;

/** Severities from least to most severe; `--fail-on` compares against this order. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;

/** How bad a finding is. */
export const severitySchema = z.enum(SEVERITIES).describe('info < low < medium < high < critical.');
/** How bad a finding is. */
export type Severity = z.infer<typeof severitySchema>;

/** One problem in one place of a scanned tree. */
export const findingSchema = z.object({
  ruleId: z.string().min(1).describe('Stable rule identifier, e.g. "secret/aws-access-key" or "sast/js-eval".'),
  kind: findingKindSchema,
  severity: severitySchema,
  file: z.string().describe('Path relative to the scan root, with "/" separators.'),
  startLine: z.number().int().min(1).describe('First line (1-based).'),
  endLine: z.number().int().min(1).describe('Last line (1-based, inclusive).'),
  startColumn: z.number().int().min(1).optional().describe('First column (1-based), when known.'),
  endColumn: z.number().int().min(1).optional().describe('Column after the last character (1-based), when known.'),
  message: z.string().describe('What is wrong and what to do, for humans; never the raw secret.'),
  match: z.string().optional().describe('The matched text, redacted (secrets keep at most a short prefix).'),
  fingerprint: z
    .string()
    .min(8)
    .describe('Stable identity across scans (line moves do not change it); used by baselines and snapshot diffs.'),
  cwe: z
    .array(z.string().regex(/^CWE-\d+$/))
    .optional()
    .describe('CWE identifiers, e.g. ["CWE-798"].'),
  fix: z.string().optional().describe('Suggested remedy, e.g. "Upgrade lodash to 4.17.21".'),
  confidence: z.enum(['low', 'medium', 'high']).optional().describe('How sure the analyzer is.'),
  metadata: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe('Analyzer-specific facts, e.g. advisory id, package name and version.'),
});
/** One problem in one place of a scanned tree. */
export type Finding = z.infer<typeof findingSchema>;

/**
 * A stable fingerprint: sha256 over the rule, the file and a location-independent key (e.g. the
 * normalised matched text, or package@version). Line numbers stay out so a moved finding keeps its identity.
 * @example fingerprintOf('secret/aws-access-key', 'src/a.ts', 'AKIA…')
 */
export function fingerprintOf(ruleId: string, file: string, key: string): string {
  return createHash('sha256')
    .update(`${ruleId}\0${file}\0${key.replace(/\s+/g, ' ').trim()}`)
    .digest('hex')
    .slice(0, 32);
}

/** Rank of a severity in SEVERITIES (info = 0 … critical = 4). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at least `threshold`, e.g. for `--fail-on high`. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** Deterministic order for reports: most severe first, then file, line and rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    a.file.localeCompare(b.file) ||
    a.startLine - b.startLine ||
    a.ruleId.localeCompare(b.ruleId)
  );
}
