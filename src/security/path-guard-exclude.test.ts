import { spawn } from 'node:child_process';
import { mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPathTree, INSIDE_TEXT, type PathTree } from '../../test/helpers/path-tree.js';
import { createPathGuard, type PathGuard } from './path-guard.js';

let tree: PathTree;
let guard: PathGuard;
beforeAll(() => {
  tree = createPathTree();
  mkdirSync(join(tree.root, 'data'));
  writeFileSync(join(tree.root, 'data', 'secrets.key'), 'key');
  writeFileSync(join(tree.root, 'config.yaml'), 'x: 1');
  symlinkSync('data', join(tree.root, 'data-link'));
  symlinkSync('data/secrets.key', join(tree.root, 'key-link'));
  guard = createPathGuard({ roots: [tree.root] }).excluding([join(tree.root, 'data'), join(tree.root, 'config.yaml')]);
});
afterAll(() => tree.remove());

describe('path guard: excluded paths', () => {
  it('refuses an excluded directory and everything below it with reason "protected"', async () => {
    await expect(guard.resolve('data/secrets.key')).rejects.toMatchObject({ code: 'E_FORBIDDEN', details: { reason: 'protected' } });
    await expect(guard.resolve('data')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses an excluded file reached through a symlink', async () => {
    await expect(guard.readFile('key-link')).rejects.toMatchObject({ code: 'E_FORBIDDEN', details: { reason: 'protected' } });
    await expect(guard.resolve('data-link/secrets.key')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses to create an excluded path that does not exist yet', async () => {
    const g = createPathGuard({ roots: [tree.root] }).excluding([join(tree.root, 'code-engine.yaml')]);
    await expect(g.writeFile('code-engine.yaml', 'gateway: {}')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses an excluded path written with ./ and .. detours', async () => {
    await expect(guard.resolve('sub/../config.yaml')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(guard.resolve('./data/./secrets.key')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('keeps the rest of the root usable', async () => {
    expect((await guard.readFile('file.txt')).toString()).toBe(INSIDE_TEXT);
    expect(guard.contains(join(tree.root, 'data'))).toBe(false);
    expect(guard.contains(join(tree.root, 'database'))).toBe(true);
  });

  it('leaves the guard it was derived from unchanged', async () => {
    const plain = createPathGuard({ roots: [tree.root] });
    plain.excluding([join(tree.root, 'data')]);
    expect(await plain.resolve('data/secrets.key')).toBe(join(tree.root, 'data', 'secrets.key'));
  });

  it('refuses everything when the only root is excluded', async () => {
    const g = createPathGuard({ roots: [tree.root] }).excluding([tree.root]);
    await expect(g.resolve('file.txt')).rejects.toMatchObject({ code: 'E_FORBIDDEN', details: { reason: 'protected' } });
  });
});

describe('path guard: noFollow', () => {
  it('keeps a symlink in the last component', async () => {
    expect(await guard.resolve('link-out', { noFollow: true })).toBe(join(tree.root, 'link-out'));
  });

  it('still resolves symlinks in the parent', async () => {
    expect(await guard.resolve('link-in/inner.txt', { noFollow: true })).toBe(join(tree.root, 'sub', 'inner.txt'));
  });

  it('still refuses a parent that escapes', async () => {
    await expect(guard.resolve('link-out/secret.txt', { noFollow: true })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('still refuses an excluded name', async () => {
    await expect(guard.resolve('data', { noFollow: true })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });
});

describe('path guard: readDir', () => {
  it('lists a directory inside the roots', async () => {
    const names = (await guard.readDir('sub')).map((d) => d.name).sort();
    expect(names).toEqual(['deep', 'deep-out', 'inner.txt', 'up', 'up-ok']);
  });

  it('refuses a directory symlink that leaves the roots', async () => {
    await expect(guard.readDir('link-out')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses an excluded directory', async () => {
    await expect(guard.readDir('data-link')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('answers a missing directory with E_NOT_FOUND', async () => {
    await expect(guard.readDir('nope')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('answers a file with an error instead of a listing', async () => {
    await expect(guard.readDir('file.txt')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('never lists the outside directory while another process swaps the directory for a symlink', async () => {
    mkdirSync(join(tree.root, 'swap'));
    writeFileSync(join(tree.root, 'swap', 'inside-only.txt'), 'x');
    symlinkSync(tree.outside, join(tree.root, 'swap-link'));
    expect(readlinkSync(join(tree.root, 'swap-link'))).toBe(tree.outside);
    const script = `
const fs = require('fs');
const [root, ms] = [process.argv[1], Number(process.argv[2])];
const end = Date.now() + ms;
const at = (n) => root + '/' + n;
while (Date.now() < end) {
  try { fs.renameSync(at('swap'), at('swap-real')); fs.renameSync(at('swap-link'), at('swap')); } catch {}
  try { fs.renameSync(at('swap'), at('swap-link')); fs.renameSync(at('swap-real'), at('swap')); } catch {}
}`;
    const swapper = spawn(process.execPath, ['-e', script, tree.root, '800'], { stdio: 'ignore' });
    let running = true;
    swapper.once('exit', () => {
      running = false;
    });
    let outsideSeen = 0;
    let insideSeen = 0;
    while (running) {
      const names = await guard.readDir('swap').then(
        (d) => d.map((e) => e.name),
        (): string[] => [],
      );
      if (names.includes('secret.txt')) outsideSeen++;
      if (names.includes('inside-only.txt')) insideSeen++;
    }
    expect({ outsideSeen, listed: insideSeen > 0 }).toEqual({ outsideSeen: 0, listed: true });
  });
});
