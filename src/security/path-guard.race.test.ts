/**
 * A real race: another process keeps swapping a directory inside the root for a symlink to an outside directory
 * while the guard reads through it. The guard must never return the outside file; a naive check-then-read does.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPathTree, OUTSIDE_SECRET, type PathTree } from '../../test/helpers/path-tree.js';
import { createPathGuard } from './path-guard.js';

let tree: PathTree;
afterAll(() => tree?.remove());

const SWAPPER = `
const fs = require('fs');
const [root, ms] = [process.argv[1], Number(process.argv[2])];
const end = Date.now() + ms;
const at = (n) => root + '/' + n;
while (Date.now() < end) {
  try { fs.renameSync(at('dir'), at('dir-real')); fs.renameSync(at('dir-link'), at('dir')); } catch {}
  try { fs.renameSync(at('dir'), at('dir-link')); fs.renameSync(at('dir-real'), at('dir')); } catch {}
}
`;

describe('path guard under a symlink-swap race', () => {
  it('never reads the outside file while a naive check-then-read does', async () => {
    tree = createPathTree();
    mkdirSync(join(tree.root, 'dir'));
    writeFileSync(join(tree.root, 'dir', 'secret.txt'), 'inside');
    symlinkSync(tree.outside, join(tree.root, 'dir-link'));
    const guard = createPathGuard({ roots: [tree.root] });
    const swapper = spawn(process.execPath, ['-e', SWAPPER, tree.root, '1500'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => swapper.once('exit', resolve));
    let running = true;
    void exited.then(() => {
      running = false;
    });
    const seen = { guardOutside: 0, guardInside: 0, naiveOutside: 0 };
    while (running) {
      const viaGuard = await guard.readFile('dir/secret.txt').then(String, () => 'refused');
      if (viaGuard === OUTSIDE_SECRET) seen.guardOutside++;
      if (viaGuard === 'inside') seen.guardInside++;
      // The naive version: check the path lexically, then read it.
      const naive = await readFile(join(tree.root, 'dir/secret.txt'), 'utf8').catch(() => 'missing');
      if (naive === OUTSIDE_SECRET) seen.naiveOutside++;
    }
    expect({ guardOutside: seen.guardOutside, naiveSawIt: seen.naiveOutside > 0, guardRead: seen.guardInside > 0 }).toEqual({
      guardOutside: 0,
      naiveSawIt: true,
      guardRead: true,
    });
  });
});
