import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestTree, SAMPLE, type TestTree } from '../../test/helpers/crawler-tree.js';
import type { CliOutput } from '../adapters/cli/output.js';
import { buildProgram, CliExit } from '../adapters/cli/program.js';
import { failingFindings, formatProgress, scanCommands } from '../adapters/cli/scan.js';
import { isAppError } from '../core/errors.js';
import { type Finding, fingerprintOf } from '../crawler/findings.js';
import { createCliHandlers, type ProcessInfo } from './cli-handlers.js';
import { createScanHandlers } from './scan-handlers.js';

let dataDir: string;
let tree: TestTree;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-scan-cli-'));
  tree = createTestTree({ 'a.ts': SAMPLE.ts, 'b.py': SAMPLE.py });
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
  tree.cleanup();
});

const proc = (): ProcessInfo => ({ env: {}, cwd: tree.root, stdoutIsTty: false });

/** Run `code-engine <args>` in-process; returns the exit code and what was printed. */
async function run(args: string[], progress?: { isTTY: boolean; write(s: string): void }) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliOutput = { out: (s) => void out.push(s), err: (s) => void err.push(s), isTty: false };
  const program = buildProgram(createCliHandlers(proc()), io, '0.0.0', [
    scanCommands(createScanHandlers(proc()), progress ? { progress } : {}),
  ]);
  let code = 0;
  try {
    await program.parseAsync([...args, '--data-dir', dataDir, '--log-level', 'silent', '--set', 'crawler.workers=0'], { from: 'user' });
  } catch (e) {
    code = e instanceof CliExit ? e.exitCode : isAppError(e) && e.code === 'E_VALIDATION' ? 2 : 1;
    if (!(e instanceof CliExit)) err.push(String((e as Error).message));
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('code-engine scan', () => {
  it('prints a Markdown report by default', async () => {
    const r = await run(['scan', '.']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('| TypeScript | 1 | 5 | 1 | 0 |');
  });

  it('writes a JSON report to --out', async () => {
    const out = join(dataDir, 'r.json');
    expect((await run(['scan', tree.root, '--format', 'json', '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).totals.files).toBe(2);
  });

  it('exits 2 for a path that does not exist', async () => {
    const r = await run(['scan', join(tree.root, 'missing')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('No directory at');
  });

  it('exits 2 for an unknown --only part', async () => {
    expect((await run(['scan', '.', '--only', 'lines,nope'])).code).toBe(2);
  });

  it('exits 0 when no finding reaches --fail-on, with or without a baseline', async () => {
    expect((await run(['scan', '.', '--fail-on', 'info'])).code).toBe(0);
    const baseline = join(dataDir, 'baseline.json');
    writeFileSync(baseline, JSON.stringify({ fingerprints: [] }));
    expect((await run(['scan', '.', '--baseline', baseline, '--fail-on', 'low'])).code).toBe(0);
  });

  it('exits 1 when a finding reaches --fail-on, and 0 once a baseline knows it', async () => {
    tree.write('config.js', `const token = "ghp_${'R7d9Kq2LmX4pVz8Tn1Bc6Hs3Wy5Ja0Ef7Gu2'}";\n`);
    const report = join(dataDir, 'report.json');
    const failing = await run(['scan', '.', '--fail-on', 'high', '--format', 'json', '--out', report]);
    expect(failing.code).toBe(1);
    expect(failing.err).toContain('at or above high');
    expect((await run(['scan', '.', '--fail-on', 'high', '--baseline', report])).code).toBe(0);
  });

  it('exits 2 for a baseline that is not a report', async () => {
    const baseline = join(dataDir, 'baseline.json');
    writeFileSync(baseline, '{"nope": 1}');
    expect((await run(['scan', '.', '--baseline', baseline])).code).toBe(2);
  });

  it('draws a progress bar on a TTY', async () => {
    const written: string[] = [];
    await run(['scan', '.'], { isTTY: true, write: (s) => void written.push(s) });
    expect(written.join('')).toContain('files/s');
  });

  it('stores snapshots and lists, shows and diffs them', async () => {
    await run(['scan', '.']);
    tree.write('c.go', SAMPLE.go);
    await run(['scan', '.']);
    const list = JSON.parse((await run(['scans', 'list', '--json'])).out) as Array<{ id: string }>;
    expect(list).toHaveLength(2);
    const [newer, older] = list.map((s) => s.id);
    expect((await run(['scans', 'show', newer as string, '--format', 'json'])).out).toContain('"c.go"');
    const diff = await run(['scans', 'diff', older as string, newer as string]);
    expect(diff.out).toContain('files: +1 −0 ~0');
  });

  it('exits 2 for an unknown snapshot id', async () => {
    expect((await run(['scans', 'show', 'nope'])).code).toBe(2);
  });
});

describe('formatProgress', () => {
  it('shows files, rate, throughput and ETA', () => {
    expect(formatProgress({ phase: 'analyzing', filesDone: 50, filesTotal: 100, bytesDone: 2_097_152, elapsedMs: 1000 })).toBe(
      '[############------------] 50/100 files  50 files/s  2.0 MB/s  ETA 1s',
    );
  });
});

describe('failingFindings', () => {
  const finding = (severity: Finding['severity']): Finding => ({
    ruleId: 'r',
    kind: 'sast',
    severity,
    file: 'a.ts',
    startLine: 1,
    endLine: 1,
    message: 'm',
    fingerprint: fingerprintOf('r', 'a.ts', severity),
  });

  it('keeps findings at or above the threshold', () => {
    expect(failingFindings([finding('low'), finding('high'), finding('critical')], 'high').map((f) => f.severity)).toEqual([
      'high',
      'critical',
    ]);
  });

  it('fails on nothing without a threshold', () => {
    expect(failingFindings([finding('critical')], undefined)).toEqual([]);
  });
});
