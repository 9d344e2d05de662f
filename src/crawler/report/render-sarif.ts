/**
 * SARIF 2.1.0 rendering of a report's findings, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).
 * Locations are relative to %SRCROOT%; fingerprints carry the crawler's stable fingerprint.
 */
import type { Finding, Severity } from '../findings.js';
import type { ScanReport } from './report-schema.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};
const SCORE: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

/** A SARIF log (only the parts we emit). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<Record<string, unknown>>;
}

/** Render the findings of `report` as a SARIF 2.1.0 log. */
export function renderSarif(report: ScanReport): SarifLog {
  const rules = new Map<string, { finding: Finding; index: number }>();
  for (const f of report.findings) if (!rules.has(f.ruleId)) rules.set(f.ruleId, { finding: f, index: rules.size });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'code-engine',
            version: report.tool.version,
            rules: [...rules.values()].map(({ finding: f }) => ({
              id: f.ruleId,
              name: f.ruleId.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
              shortDescription: { text: f.ruleId },
              defaultConfiguration: { level: LEVEL[f.severity] },
              properties: { tags: [f.kind, ...(f.cwe ?? [])], 'security-severity': SCORE[f.severity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `file://${encodeURI(report.root.endsWith('/') ? report.root : `${report.root}/`)}` } },
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: rules.get(f.ruleId)?.index ?? 0,
          level: LEVEL[f.severity],
          message: { text: f.fix ? `${f.message} Fix: ${f.fix}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.file), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: f.startLine,
                  endLine: Math.max(f.endLine, f.startLine),
                  ...(f.startColumn ? { startColumn: f.startColumn } : {}),
                  ...(f.endColumn ? { endColumn: f.endColumn } : {}),
                },
              },
            },
          ],
          partialFingerprints: { 'codeEngine/v1': f.fingerprint },
          properties: { severity: f.severity, kind: f.kind, ...(f.cwe ? { cwe: f.cwe } : {}) },
        })),
        invocations: [{ executionSuccessful: true }],
      },
    ],
  };
}
