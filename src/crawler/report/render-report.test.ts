import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../findings.js';
import { escapeHtml } from './render-html.js';
import { renderReport } from './render-report.js';
import { type ScanReport, scanReportJsonSchema, scanReportSchema } from './report-schema.js';

const report: ScanReport = {
  schemaVersion: 1,
  tool: { name: 'code-engine', version: '1.0.0', analyzerVersion: 1 },
  snapshotId: 's1',
  root: '/repo',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1234,
  analyses: ['lines', 'secrets'],
  totals: { files: 2, skipped: 1, cachedFiles: 0, bytes: 100, code: 10, comment: 2, blank: 1, lines: 13, functions: 1, classes: 0 },
  languages: [
    { name: 'TypeScript', files: 1, bytes: 60, code: 8, comment: 2, blank: 1 },
    { name: '<Evil>', files: 1, bytes: 40, code: 2, comment: 0, blank: 0 },
  ],
  files: [],
  complexity: {
    functions: 1,
    average: 3,
    max: 3,
    top: [{ file: 'a.ts', name: 'f', kind: 'function', startLine: 1, endLine: 9, complexity: 3 }],
  },
  git: null,
  hotspots: [],
  duplicates: [],
  dependencies: [],
  findings: [
    {
      ruleId: 'secret/aws-access-key',
      kind: 'secret',
      severity: 'critical',
      file: 'src/a b.ts',
      startLine: 4,
      endLine: 4,
      startColumn: 7,
      message: 'AWS key | in code',
      match: 'AKIA****',
      fingerprint: fingerprintOf('secret/aws-access-key', 'src/a b.ts', 'k'),
      cwe: ['CWE-798'],
    },
  ],
  baseline: null,
  warnings: { total: 1, byReason: { binary: 1 }, items: [{ path: 'x.png', reason: 'binary' }], truncated: false },
};

describe('report rendering', () => {
  it('emits JSON that validates against the report schema', () => {
    expect(scanReportSchema.parse(JSON.parse(renderReport(report, 'json')))).toEqual(report);
  });

  it('emits a SARIF 2.1.0 log with rules, levels, locations and fingerprints', () => {
    const sarif = JSON.parse(renderReport(report, 'sarif'));
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('code-engine');
    expect(run.tool.driver.rules).toEqual([
      expect.objectContaining({ id: 'secret/aws-access-key', defaultConfiguration: { level: 'error' } }),
    ]);
    const result = run.results[0];
    expect(result).toMatchObject({ ruleId: 'secret/aws-access-key', ruleIndex: 0, level: 'error', message: { text: 'AWS key | in code' } });
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/a%20b.ts', uriBaseId: 'SRCROOT' },
      region: { startLine: 4, endLine: 4, startColumn: 7 },
    });
    expect(result.partialFingerprints['codeEngine/v1']).toBe(report.findings[0]?.fingerprint);
  });

  it('emits Markdown tables with escaped pipes', () => {
    const md = renderReport(report, 'md');
    expect(md).toContain('| CRITICAL | secret/aws-access-key | src/a b.ts:4 | AWS key \\| in code |');
    expect(md).toContain('| TypeScript | 1 | 8 | 2 | 1 |');
  });

  it('emits self-contained HTML with an inline SVG chart and escaped text', () => {
    const html = renderReport(report, 'html');
    expect(html).toContain('<svg');
    expect(html).toContain('&lt;Evil&gt;');
    expect(html).not.toContain('<Evil>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('escapes HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('generates a JSON Schema for the report', () => {
    const schema = scanReportJsonSchema();
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties as object)).toContain('findings');
  });
});

describe('docs/crawler-report.schema.json', () => {
  it('matches the report schema (regenerate: npx tsx scripts/crawler-report-schema.ts)', async () => {
    const { readFileSync } = await import('node:fs');
    const onDisk = JSON.parse(readFileSync(new URL('../../../docs/crawler-report.schema.json', import.meta.url), 'utf8'));
    expect(onDisk).toEqual(scanReportJsonSchema());
  });
});
