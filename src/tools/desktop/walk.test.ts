import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPathGuard, type PathGuard } from '../../security/path-guard.js';
import { type WalkEntry, type WalkOptions, walk } from './walk.js';

let base: string;
let root: string;
let guard: PathGuard;
beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'ce-walk-')));
  root = join(base, 'root');
  for (const d of ['a', 'a/b', 'a/b/c', 'data', 'z']) mkdirSync(join(root, d), { recursive: true });
  for (const f of ['a/1.txt', 'a/b/2.txt', 'a/b/c/3.txt', 'data/secret', 'z/4.txt', 'top.txt']) writeFileSync(join(root, f), f);
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'leak.txt'), 'leak');
  symlinkSync(join(base, 'outside'), join(root, 'out-link'));
  symlinkSync('..', join(root, 'a', 'loop'));
  guard = createPathGuard({ roots: [root] }).excluding([join(root, 'data')]);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function all(options: Partial<WalkOptions> = {}): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const e of walk(guard, root, { maxDepth: 10, ...options })) out.push(e);
  return out;
}

describe('walk', () => {
  it('lists in pre-order, each directory by name', async () => {
    expect((await all()).map((e) => e.path)).toEqual([
      'a',
      'a/1.txt',
      'a/b',
      'a/b/2.txt',
      'a/b/c',
      'a/b/c/3.txt',
      'a/loop',
      'out-link',
      'top.txt',
      'z',
      'z/4.txt',
    ]);
  });

  it('reports symlinks without following them, so it neither escapes nor loops', async () => {
    const links = (await all()).filter((e) => e.type === 'symlink').map((e) => e.path);
    expect(links).toEqual(['a/loop', 'out-link']);
    expect((await all()).some((e) => e.path.includes('leak'))).toBe(false);
  });

  it('skips protected paths', async () => {
    expect((await all()).some((e) => e.path.startsWith('data'))).toBe(false);
  });

  it('stops at maxDepth', async () => {
    expect((await all({ maxDepth: 1 })).map((e) => e.path)).toEqual(['a', 'out-link', 'top.txt', 'z']);
  });

  it('does not descend into skipped directories', async () => {
    expect((await all({ skip: (e) => e.name === 'b' })).map((e) => e.path)).not.toContain('a/b/2.txt');
  });

  it('stops with E_CANCELLED when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(all({ signal: controller.signal })).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });
});
