/**
 * Path guard checks per second vs a bare `path.resolve(root, p).startsWith(root)` (which is wrong: it accepts
 * `/root-evil` and follows symlinks out), on a mix of inside, traversal, symlink and missing paths.
 */
import { resolve } from 'node:path';
import { createPathGuard } from '../src/security/path-guard.js';
import { createPathTree } from '../test/helpers/path-tree.js';
import { type BenchReport, opsPerSecond, opsPerSecondSync } from './lib.js';

const INPUTS = [
  'file.txt',
  'sub/inner.txt',
  'sub/deep/../inner.txt',
  '../outside/secret.txt',
  '../../etc/passwd',
  'link-in/inner.txt',
  'link-out/secret.txt',
  'new/dir/file.txt',
  'dangling-out',
  'chain1/secret.txt',
];

export default async function pathGuardBench(): Promise<BenchReport> {
  const tree = createPathTree();
  try {
    const guard = createPathGuard({ roots: [tree.root] });
    const root = tree.root;
    let i = 0;
    const next = () => INPUTS[i++ % INPUTS.length]!;
    const bare = opsPerSecondSync(() => resolve(root, next()).startsWith(root));
    const lexical = opsPerSecondSync(() => guard.contains(resolve(root, next())));
    const full = await opsPerSecond(() => guard.resolve(next()).catch(() => undefined), { warmup: 500 });
    return {
      title: 'Path guard checks per second',
      baseline: { name: 'path.resolve + startsWith (unsafe)', value: bare, unit: 'checks/s', higherIsBetter: true },
      candidates: [
        { name: 'guard.contains (component-wise, lexical)', value: lexical, unit: 'checks/s', higherIsBetter: true },
        { name: 'guard.resolve (realpath, symlinks, missing paths)', value: full, unit: 'checks/s', higherIsBetter: true },
      ],
      goal: {
        text: 'contains ≥ 0.5×; resolve ≥ 0.005× (filesystem round trips)',
        check: (ratio, c) => (c.name.startsWith('guard.contains') ? ratio >= 0.5 : ratio >= 0.005),
      },
      notes: [`${INPUTS.length} inputs cycled: inside, traversal, in-root and escaping symlinks, dangling, missing`],
    };
  } finally {
    tree.remove();
  }
}
