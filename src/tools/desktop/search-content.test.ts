import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, DATA_SECRET, type DesktopFixture, OUTSIDE_SECRET } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture({ settings: { search: { maxFileBytes: 4096, timeoutMs: 1000 } } });
  mkdirSync(join(f.root, 'src', 'node_modules'), { recursive: true });
  writeFileSync(join(f.root, 'src', 'a.ts'), 'one\n// TODO(#12) fix\nthree\nfour\n');
  writeFileSync(join(f.root, 'src', 'b.js'), 'todo lower case\n');
  writeFileSync(join(f.root, 'src', 'node_modules', 'dep.ts'), '// TODO(#1) vendored\n');
  writeFileSync(join(f.root, 'src', 'big.txt'), `TODO(#9)\n${'x'.repeat(5000)}`);
  writeFileSync(join(f.root, 'src', 'bin.dat'), Buffer.from([0, 84, 79, 68, 79, 0]));
  writeFileSync(join(f.root, 'src', 'dots.txt'), 'a.b\naxb\n');
  symlinkSync(join(f.outside, 'secret.txt'), join(f.root, 'src', 'leak.txt'));
  mkdirSync(join(f.root, 'redos'));
  writeFileSync(join(f.root, 'redos', 'x.txt'), `${'a'.repeat(40)}!\n`);
});
afterAll(() => f.close());

type Out = {
  matches: Array<{ path: string; line: number; column: number; text: string; before: string[]; after: string[] }>;
  filesSearched: number;
  filesSkipped: number;
  truncated: boolean;
  timedOut: boolean;
};
const search = async (input: Record<string, unknown>) => (await f.call('desktop_search_content', input)).output as Out;

describe('desktop_search_content', () => {
  it('finds regex matches with line, column and context', async () => {
    const o = await search({ path: 'src', pattern: 'TODO\\(#\\d+\\)', contextLines: 1 });
    expect(o.matches).toEqual([{ path: 'a.ts', line: 2, column: 4, text: '// TODO(#12) fix', before: ['one'], after: ['three'] }]);
  });

  it('skips node_modules, binary and oversized files', async () => {
    const o = await search({ path: 'src', pattern: 'TODO' });
    expect(o.matches.map((m) => m.path)).toEqual(['a.ts']);
    expect(o.filesSkipped).toBeGreaterThanOrEqual(2);
  });

  it('matches case-insensitively, literally and within included files only', async () => {
    expect((await search({ path: 'src', pattern: 'todo', ignoreCase: true, include: '*.js' })).matches.map((m) => m.path)).toEqual([
      'b.js',
    ]);
    expect((await search({ path: 'src', pattern: 'a.b', literal: true })).matches.map((m) => m.text)).toEqual(['a.b']);
  });

  it('searches a single file', async () => {
    expect((await search({ path: 'src/a.ts', pattern: 'three' })).matches).toMatchObject([{ path: 'a.ts', line: 3 }]);
  });

  it('stops at maxMatches', async () => {
    const o = await search({ path: 'src', pattern: '.', maxMatches: 2 });
    expect(o.matches).toHaveLength(2);
    expect(o.truncated).toBe(true);
  });

  it('stops a catastrophic regex at the time limit and keeps the server responsive', async () => {
    const started = performance.now();
    const o = await search({ path: 'redos', pattern: '^(a+)+$' });
    expect(o.timedOut).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('never reads through a symlink out of the roots or into protected files', async () => {
    const o = await search({ path: '.', pattern: 'secret', exclude: [] });
    expect(JSON.stringify(o)).not.toContain(OUTSIDE_SECRET);
    expect(JSON.stringify(o)).not.toContain(DATA_SECRET);
  });

  it('refuses an invalid regex and bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_search_content', { pattern: '(' })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_search_content', { pattern: 'x', contextLines: 11 })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:read', async () => {
    expect((await f.fail('desktop_search_content', { pattern: 'x' }, { role: 'monitoring_service' })).code).toBe('E_FORBIDDEN');
  });

  it('refuses a start outside the roots or in the data dir', async () => {
    expect((await f.fail('desktop_search_content', { path: f.outside, pattern: 'x' })).code).toBe('E_FORBIDDEN');
    expect((await f.fail('desktop_search_content', { path: '.code-engine', pattern: 'x' })).code).toBe('E_FORBIDDEN');
  });

  it('answers a missing start with E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_search_content', { path: 'nope', pattern: 'x' })).code).toBe('E_NOT_FOUND');
  });
});
