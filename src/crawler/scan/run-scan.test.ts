import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTree, SAMPLE, type TestTree } from '../../../test/helpers/crawler-tree.js';
import { crawlerSchema } from '../../core/config/crawler.js';
import { systemClock, systemIds } from '../../core/deps.js';
import { hasCode } from '../../core/errors.js';
import { runScan, type ScanEnv } from './run-scan.js';

const env = (overrides: Record<string, unknown> = {}): ScanEnv => ({
  config: crawlerSchema.parse({ workers: 0, ...overrides }),
  clock: systemClock,
  ids: systemIds,
  version: 'test',
});

let tree: TestTree | undefined;
afterEach(() => {
  tree?.cleanup();
  tree = undefined;
});

describe('runScan', () => {
  it('counts lines per language', async () => {
    tree = createTestTree({ 'a.ts': SAMPLE.ts, 'b.py': SAMPLE.py, 'main.go': SAMPLE.go, 'README.md': '# Hi\n' });
    const { report } = await runScan({ root: tree.root }, env());
    const byName = Object.fromEntries(report.languages.map((l) => [l.name, l]));
    expect(byName.TypeScript).toMatchObject({ files: 1, code: 5, comment: 1, blank: 0 });
    expect(byName.Python).toMatchObject({ code: 4, blank: 2 });
    expect(byName.Go).toMatchObject({ code: 5, blank: 2 });
    expect(report.totals.files).toBe(4);
  });

  it('extracts symbols and complexity', async () => {
    tree = createTestTree({ 'a.ts': SAMPLE.ts });
    const { report } = await runScan({ root: tree.root, includeSymbols: true }, env());
    expect(report.files[0]?.symbols).toEqual([{ name: 'f', kind: 'function', startLine: 3, endLine: 6, complexity: 2 }]);
    expect(report.files[0]?.imports).toEqual(['./x.js']);
    expect(report.complexity.top[0]).toMatchObject({ name: 'f', complexity: 2 });
  });

  it('respects .gitignore and .ignore outside git', async () => {
    tree = createTestTree({ '.gitignore': 'gen/\n', '.ignore': '*.log\n', 'gen/x.ts': SAMPLE.ts, 'a.log': 'x', 'keep.ts': SAMPLE.ts });
    const { report } = await runScan({ root: tree.root }, env());
    expect(report.files.map((f) => f.path).sort()).toEqual(['.gitignore', '.ignore', 'keep.ts']);
  });

  it('respects .gitignore, .ignore and configured excludes inside git', async () => {
    tree = createTestTree({
      '.gitignore': 'gen/\n',
      '.ignore': '*.log\n',
      'gen/x.ts': SAMPLE.ts,
      'a.log': 'x',
      'keep.ts': SAMPLE.ts,
      'vendor/v.ts': SAMPLE.ts,
    });
    tree.git('init', '-q');
    const { report } = await runScan({ root: tree.root }, env({ excludes: ['vendor/'] }));
    expect(report.files.map((f) => f.path).sort()).toEqual(['.gitignore', '.ignore', 'keep.ts']);
  });

  it('skips binaries and files over the size cap with warnings', async () => {
    tree = createTestTree({ 'bin.dat': Buffer.from([1, 0, 2, 3]), 'big.js': 'x'.repeat(5000), 'ok.js': 'a();\n' });
    const { report } = await runScan({ root: tree.root }, env({ maxFileBytes: 4096 }));
    expect(report.files.map((f) => f.path)).toEqual(['ok.js']);
    expect(report.warnings.byReason).toEqual({ binary: 1, 'too-large': 1 });
    expect(report.totals.skipped).toBe(2);
  });

  it('skips a 100 MB single-line file by its size without reading it', async () => {
    tree = createTestTree({ 'ok.js': 'a();\n' });
    writeFileSync(join(tree.root, 'huge.js'), Buffer.alloc(100 * 1024 * 1024, 'a'));
    const { report } = await runScan({ root: tree.root }, env());
    expect(report.warnings.items).toContainEqual(expect.objectContaining({ path: 'huge.js', reason: 'too-large' }));
  });

  it('never follows symlinks out of the root or into loops', async () => {
    tree = createTestTree({ 'a.js': 'a();\n' });
    const outside = createTestTree({ 'secret.js': 'x();\n' });
    try {
      symlinkSync(join(outside.root, 'secret.js'), join(tree.root, 'out.js'));
      mkdirSync(join(tree.root, 'd'));
      symlinkSync('..', join(tree.root, 'd', 'loop'));
      symlinkSync('self', join(tree.root, 'self'));
      symlinkSync('a.js', join(tree.root, 'inside.js'));
      const { report } = await runScan({ root: tree.root }, env());
      expect(report.files.map((f) => f.path)).toEqual(['a.js', 'inside.js']);
      const reasons = Object.fromEntries(report.warnings.items.map((w) => [w.path, w.reason]));
      expect(reasons).toEqual({ 'out.js': 'symlink-outside-root', 'd/loop': 'symlink-dir', self: 'unreadable' });
    } finally {
      outside.cleanup();
    }
  });

  it('counts unreadable files as warnings', async (ctx) => {
    if (process.getuid?.() === 0) {
      ctx.skip('running as root: chmod 000 does not stop root from reading');
      return;
    }
    tree = createTestTree({ 'a.js': 'a();\n', 'locked.js': 'b();\n' });
    chmodSync(join(tree.root, 'locked.js'), 0);
    const { report } = await runScan({ root: tree.root }, env());
    expect(report.warnings.items).toContainEqual(expect.objectContaining({ path: 'locked.js', reason: 'unreadable' }));
  });

  it('decodes invalid UTF-8 with a warning and UTF-16 by its byte-order mark', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('// c\nlet a = 1;\n', 'utf16le')]);
    tree = createTestTree({ 'bad.js': Buffer.from([0x61, 0x28, 0x29, 0x3b, 0xff, 0xfe, 0x0a]), 'wide.js': utf16 });
    const { report } = await runScan({ root: tree.root }, env());
    expect(report.files.find((f) => f.path === 'wide.js')).toMatchObject({ code: 1, comment: 1 });
    expect(report.warnings.items).toEqual([expect.objectContaining({ path: 'bad.js', reason: 'invalid-utf8' })]);
  });

  it('rejects a nonexistent path with E_NOT_FOUND', async () => {
    await expect(runScan({ root: '/nonexistent/ce-crawl' }, env())).rejects.toSatisfy((e) => hasCode(e, 'E_NOT_FOUND'));
  });

  it('scans an empty git repository without history', async () => {
    tree = createTestTree();
    tree.git('init', '-q');
    const { report } = await runScan({ root: tree.root }, env());
    expect(report.totals.files).toBe(0);
    expect(report.git).toMatchObject({ head: null, commits: 0 });
  });

  it('reads history, churn and hotspots from git', async () => {
    tree = createTestTree({ 'a.ts': SAMPLE.ts, 'b.go': SAMPLE.go });
    tree.git('init', '-q');
    tree.git('add', '.');
    tree.git('commit', '-q', '-m', 'one');
    tree.write('a.ts', `${SAMPLE.ts}export function h(b: boolean) { return b ? 1 : 2; }\n`);
    tree.git('commit', '-q', '-am', 'two');
    const { report } = await runScan({ root: tree.root }, env());
    expect(report.git).toMatchObject({ commits: 2, authors: [{ name: 'Test', commits: 2 }] });
    expect(report.hotspots[0]).toMatchObject({ file: 'a.ts', commits: 2, complexity: 4, score: 8 });
  });

  it('finds near-duplicate functions across files', async () => {
    const fn = (name: string) =>
      `export function ${name}(items) {\n  let sum = 0;\n  for (const item of items) {\n    if (item.price > 0 && item.quantity > 0) {\n      sum += item.price * item.quantity;\n    }\n  }\n  return Math.round(sum * 100) / 100;\n}\n`;
    tree = createTestTree({ 'a.js': fn('totalA'), 'b.js': `${fn('totalB')}\nexport const unrelated = 1;\n` });
    const { report } = await runScan({ root: tree.root }, env({ minDuplicateTokens: 20 }));
    const cluster = report.duplicates.find((d) => d.kind === 'function');
    expect(cluster?.members.map((m) => m.file)).toEqual(['a.js', 'b.js']);
    expect(cluster?.similarity).toBeGreaterThan(0.9);
  });

  it('reports secrets with the match redacted', async () => {
    const token = `ghp_${'R7d9Kq2LmX4pVz8Tn1Bc6Hs3Wy5Ja0Ef7Gu2'}`;
    tree = createTestTree({ 'config.js': `const token = "${token}";\n` });
    const { report } = await runScan({ root: tree.root }, env());
    expect(report.findings.filter((f) => f.kind === 'secret')).toEqual([expect.objectContaining({ file: 'config.js', startLine: 1 })]);
    expect(JSON.stringify(report)).not.toContain(token);
  });

  it('reports insecure code found by SAST on the parsed tree', async () => {
    tree = createTestTree({ 'app.js': 'export function run(input) {\n  return eval(input);\n}\n' });
    const { report } = await runScan({ root: tree.root }, env());
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'sast/js-eval', kind: 'sast', file: 'app.js', startLine: 2 })]);
  });

  it('runs SAST without symbols when --only sast', async () => {
    tree = createTestTree({ 'app.js': 'eval(process.argv[2]);\n' });
    const { report } = await runScan({ root: tree.root, analyses: ['sast'] }, env());
    expect(report.findings.map((f) => f.ruleId)).toEqual(['sast/js-eval']);
  });

  it('stops when the signal aborts', async () => {
    tree = createTestTree({ 'a.js': 'a();\n' });
    await expect(runScan({ root: tree.root }, env(), { signal: AbortSignal.abort() })).rejects.toThrow();
  });
});
