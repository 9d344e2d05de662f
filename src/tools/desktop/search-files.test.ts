import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture({ settings: { search: { maxFiles: 200 } } });
  for (const d of ['src/a', 'src/b', 'node_modules/pkg', '.git']) mkdirSync(join(f.root, d), { recursive: true });
  for (const p of ['src/a/x.ts', 'src/a/x.test.ts', 'src/b/y.ts', 'src/readme.md', 'node_modules/pkg/z.ts', '.git/config'])
    writeFileSync(join(f.root, p), '');
  writeFileSync(join(f.outside, 'outside.ts'), '');
  symlinkSync(f.outside, join(f.root, 'src', 'link'));
  mkdirSync(join(f.root, 'zz-bulk'));
  for (let i = 0; i < 300; i++) writeFileSync(join(f.root, 'zz-bulk', `n${i}.txt`), '');
});
afterAll(() => f.close());

type Out = { matches: Array<{ path: string; type: string }>; truncated: boolean; scanned: number };
const find = async (input: Record<string, unknown>) => (await f.call('desktop_search_files', input)).output as Out;

describe('desktop_search_files', () => {
  it('matches a name pattern at any depth, skipping node_modules and .git', async () => {
    expect((await find({ pattern: '*.ts' })).matches.map((m) => m.path)).toEqual(['src/a/x.test.ts', 'src/a/x.ts', 'src/b/y.ts']);
  });

  it('matches path patterns relative to the directory', async () => {
    expect((await find({ path: 'src', pattern: '**/*.test.ts' })).matches.map((m) => m.path)).toEqual(['a/x.test.ts']);
    expect((await find({ path: 'src', pattern: '{a,b}/*.ts' })).matches.map((m) => m.path)).toEqual(['a/x.test.ts', 'a/x.ts', 'b/y.ts']);
  });

  it('searches node_modules when exclude is overridden', async () => {
    expect((await find({ pattern: 'z.ts', exclude: [] })).matches.map((m) => m.path)).toEqual(['node_modules/pkg/z.ts']);
  });

  it('never follows a symlink out of the roots or lists protected paths', async () => {
    const paths = (await find({ pattern: '*', exclude: [], maxResults: 1000 })).matches.map((m) => m.path);
    expect(paths).toContain('src/link');
    expect(paths.some((p) => p.includes('outside.ts') || p.startsWith('.code-engine') || p === 'code-engine.yaml')).toBe(false);
  });

  it('stops at maxResults and at the scan limit', async () => {
    expect(await find({ path: 'zz-bulk', pattern: '*.txt', maxResults: 5 })).toMatchObject({ truncated: true });
    const o = await find({ path: 'zz-bulk', pattern: 'nothing-matches' });
    expect(o).toMatchObject({ truncated: true, scanned: 200 });
  });

  it('refuses a bad glob with E_VALIDATION', async () => {
    expect((await f.fail('desktop_search_files', { pattern: '[abc' })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_search_files', {})).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:read', async () => {
    expect((await f.fail('desktop_search_files', { pattern: '*' }, { role: 'monitoring_service' })).code).toBe('E_FORBIDDEN');
  });

  it('refuses a directory outside the roots', async () => {
    expect((await f.fail('desktop_search_files', { path: f.outside, pattern: '*' })).code).toBe('E_FORBIDDEN');
  });

  it('answers a missing directory with E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_search_files', { path: 'nope', pattern: '*' })).code).toBe('E_NOT_FOUND');
  });
});
