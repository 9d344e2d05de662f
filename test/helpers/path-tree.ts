/**
 * A temp directory tree for path-guard tests: a root with files, in-root and escaping symlinks (absolute,
 * relative, dangling, chained, looping), an outside directory with a secret, and a `root-evil` prefix sibling.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PathTree {
  /** Real path of the temp directory holding everything. */
  base: string;
  root: string;
  outside: string;
  rootEvil: string;
  /** Replace {root}, {outside}, {parent}, {rootEvil} in a corpus payload. */
  expand(payload: string): string;
  remove(): void;
}

export const OUTSIDE_SECRET = 'outside-secret-contents';
export const INSIDE_TEXT = 'inside-file-contents';

/** Build the tree in a fresh temp directory. */
export function createPathTree(): PathTree {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'ce-guard-')));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  const rootEvil = join(base, 'root-evil');
  for (const d of [root, join(root, 'sub'), join(root, 'sub', 'deep'), outside, join(outside, 'sub'), rootEvil]) mkdirSync(d);
  writeFileSync(join(root, 'file.txt'), INSIDE_TEXT);
  writeFileSync(join(root, 'sub', 'inner.txt'), INSIDE_TEXT);
  writeFileSync(join(outside, 'secret.txt'), OUTSIDE_SECRET);
  writeFileSync(join(outside, 'file.txt'), OUTSIDE_SECRET);
  writeFileSync(join(rootEvil, 'x.txt'), OUTSIDE_SECRET);
  writeFileSync(join(base, 'rootx'), OUTSIDE_SECRET);
  const link = (target: string, at: string) => symlinkSync(target, join(root, at));
  link('sub', 'link-in');
  link(join(root, 'sub'), 'link-in-abs');
  link('../outside', 'link-out');
  link(outside, 'link-out-abs');
  link(join(outside, 'secret.txt'), 'link-file-out');
  link(join(outside, 'nope', 'new.txt'), 'dangling-out');
  link('/nonexistent-ce-guard-test/x', 'dangling-abs-out');
  link('new-target.txt', 'dangling-in');
  link('chain2', 'chain1');
  link('chain3', 'chain2');
  link(outside, 'chain3');
  link('chain-in2', 'chain-in1');
  link('sub', 'chain-in2');
  link('dchain2', 'dchain1');
  link(join(outside, 'created-by-attack.txt'), 'dchain2');
  link('loop2', 'loop1');
  link('loop1', 'loop2');
  link('self', 'self');
  link('/etc', 'link-etc');
  link('..', 'link-parent');
  link('.', 'link-dot');
  link('../..', join('sub', 'up'));
  link('..', join('sub', 'up-ok'));
  link('../../outside', join('sub', 'deep-out'));
  return {
    base,
    root,
    outside,
    rootEvil,
    expand: (p) =>
      p.replaceAll('{root}', root).replaceAll('{outside}', outside).replaceAll('{parent}', base).replaceAll('{rootEvil}', rootEvil),
    remove: () => rmSync(base, { recursive: true, force: true }),
  };
}
