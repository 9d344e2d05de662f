import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture({ settings: { maxEntries: 50 } });
  mkdirSync(join(f.root, 'p', 'a', 'b', 'c'), { recursive: true });
  writeFileSync(join(f.root, 'p', 'top.txt'), '');
  writeFileSync(join(f.root, 'p', 'a', 'b', 'c', 'deep.txt'), '');
  mkdirSync(join(f.root, 'p', 'node_modules', 'x'), { recursive: true });
  symlinkSync(f.outside, join(f.root, 'p', 'escape'));
  mkdirSync(join(f.root, 'wide'));
  for (let i = 0; i < 60; i++) writeFileSync(join(f.root, 'wide', `f${i}`), '');
});
afterAll(() => f.close());

type Out = { entries: Array<{ path: string; type: string; depth: number }>; truncated: boolean };
const tree = async (input: Record<string, unknown>) => (await f.call('desktop_directory_tree', input)).output as Out;

describe('desktop_directory_tree', () => {
  it('lists everything down to maxDepth in pre-order', async () => {
    const o = await tree({ path: 'p', maxDepth: 2 });
    expect(o.entries.map((e) => e.path)).toEqual(['a', 'a/b', 'escape', 'node_modules', 'node_modules/x', 'top.txt']);
  });

  it('goes deeper on request and never into symlinks', async () => {
    const paths = (await tree({ path: 'p', maxDepth: 10 })).entries.map((e) => e.path);
    expect(paths).toContain('a/b/c/deep.txt');
    expect(paths.filter((p) => p.startsWith('escape'))).toEqual(['escape']);
  });

  it('leaves out excluded globs and the protected data dir', async () => {
    const paths = (await tree({ path: 'p', exclude: ['node_modules'] })).entries.map((e) => e.path);
    expect(paths.some((p) => p.startsWith('node_modules'))).toBe(false);
    const rootPaths = (await tree({ maxDepth: 3 })).entries.map((e) => e.path);
    expect(rootPaths.some((p) => p.startsWith('.code-engine') || p === 'code-engine.yaml')).toBe(false);
  });

  it('renders an indented tree', async () => {
    const r = await f.call('desktop_directory_tree', { path: 'p', maxDepth: 2 });
    expect(r.text).toContain('\n  a/\n    b/\n  escape @\n');
  });

  it('stops at maxEntries and says so', async () => {
    const o = await tree({ path: 'wide' });
    expect(o.entries).toHaveLength(50);
    expect(o.truncated).toBe(true);
  });

  it('refuses a depth out of range with E_VALIDATION', async () => {
    expect((await f.fail('desktop_directory_tree', { maxDepth: 0 })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_directory_tree', { maxDepth: 21 })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:read', async () => {
    expect((await f.fail('desktop_directory_tree', {}, { role: 'monitoring_service' })).code).toBe('E_FORBIDDEN');
  });

  it('refuses a start outside the roots', async () => {
    expect((await f.fail('desktop_directory_tree', { path: 'p/escape' })).code).toBe('E_FORBIDDEN');
  });

  it('answers a missing start with E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_directory_tree', { path: 'nope' })).code).toBe('E_NOT_FOUND');
  });
});
