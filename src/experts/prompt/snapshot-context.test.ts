import { describe, expect, it } from 'vitest';
import { AppError, hasCode } from '../../core/errors.js';
import type { ScanReport } from '../../crawler/report/report-schema.js';
import { crawlerSnapshotContext, summarizeSnapshot } from './snapshot-context.js';

const finding = (severity: ScanReport['findings'][number]['severity'], n: number): ScanReport['findings'][number] => ({
  ruleId: `rule/${severity}`,
  kind: 'sast',
  severity,
  file: `src/f${n}.ts`,
  startLine: n,
  endLine: n,
  message: `${severity} problem ${n}`,
  match: 'AKIA-SECRET-TEXT',
  fingerprint: `fingerprint-${n}`,
});

const report: ScanReport = {
  schemaVersion: 1,
  tool: { name: 'code-engine', version: '1.0.0', analyzerVersion: 1 },
  snapshotId: 's1',
  root: '/repo',
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1234,
  analyses: ['lines', 'sast'],
  totals: { files: 2, skipped: 1, cachedFiles: 0, bytes: 100, code: 10, comment: 2, blank: 1, lines: 13, functions: 1, classes: 0 },
  languages: [{ name: 'TypeScript', files: 2, bytes: 100, code: 10, comment: 2, blank: 1 }],
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
  findings: [finding('low', 1), finding('critical', 2), ...Array.from({ length: 45 }, (_, i) => finding('info', i + 3))],
  baseline: null,
  warnings: { total: 0, byReason: {}, items: [], truncated: false },
};

describe('snapshot context', () => {
  it('summarises totals and findings by severity', () => {
    const text = summarizeSnapshot(report);
    expect(text).toContain('Code scan of /repo (snapshot s1');
    expect(text).toContain('Findings: 47 (1 critical, 1 low, 45 info).');
  });

  it('lists the most severe findings first and counts the rest', () => {
    const lines = summarizeSnapshot(report).split('\n');
    const listed = lines.filter((l) => l.startsWith('- ['));
    expect(listed[0]).toBe('- [critical] rule/critical at src/f2.ts:2: critical problem 2');
    expect(listed).toHaveLength(40);
    expect(lines).toContain('- … 7 more, less severe.');
  });

  it('never includes the matched text of a finding', () => {
    expect(summarizeSnapshot(report)).not.toContain('AKIA-SECRET-TEXT');
  });

  it('attaches one snapshot item named after the id', async () => {
    const read = crawlerSnapshotContext({ show: async () => report });
    const items = await read('s1', new AbortController().signal);
    expect(items).toEqual([{ name: 'snapshot:s1', kind: 'snapshot', text: summarizeSnapshot(report) }]);
  });

  it('passes the crawler’s E_NOT_FOUND through', async () => {
    const read = crawlerSnapshotContext({
      show: async (id) => {
        throw new AppError('E_NOT_FOUND', `No snapshot ${id}.`);
      },
    });
    expect(hasCode(await read('nope', new AbortController().signal).catch((e) => e), 'E_NOT_FOUND')).toBe(true);
  });
});
