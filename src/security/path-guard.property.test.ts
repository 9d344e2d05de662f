import { existsSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPathTree, type PathTree } from '../../test/helpers/path-tree.js';
import { isAppError } from '../core/errors.js';
import { createPathGuard, type PathGuard } from './path-guard.js';
import { isWithin } from './path-resolve.js';

let tree: PathTree;
let guard: PathGuard;
beforeAll(() => {
  tree = createPathTree();
  guard = createPathGuard({ roots: [tree.root] });
});
afterAll(() => tree.remove());

/** Independent oracle: the nearest existing ancestor of `p`, resolved by the OS, must be inside the root. */
function landsInside(p: string): boolean {
  let existing = p;
  while (!existsSync(existing)) existing = dirname(existing);
  return isWithin(tree.root, realpathSync(existing));
}

const segment = fc.oneof(
  fc.constantFrom('..', '.', '', 'sub', 'deep', 'file.txt', 'new', 'link-in', 'link-out', 'link-out-abs', 'link-parent', 'link-dot'),
  fc.constantFrom('chain1', 'chain-in1', 'dangling-out', 'dangling-in', 'dchain1', 'up', 'up-ok', 'deep-out', 'loop1', 'root', 'outside'),
  fc.constantFrom('root-evil', '%2e%2e', '..\\..', '\uff0e\uff0e', '...', '....', ' ..', '~'),
  fc.string({ maxLength: 6 }),
);

async function settle(input: string): Promise<string | undefined> {
  try {
    return await guard.resolve(input);
  } catch (e) {
    if (isAppError(e) && ['E_FORBIDDEN', 'E_VALIDATION'].includes(e.code)) return undefined;
    throw e;
  }
}

describe('path guard properties', () => {
  it('never resolves a generated relative path outside the root', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 10 }), async (parts) => {
        const real = await settle(parts.join('/') || '.');
        if (real !== undefined) expect(isWithin(tree.root, real) && landsInside(real)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never resolves a generated absolute path outside the root', async () => {
    const start = fc.constantFrom(tree.root, tree.base, tree.outside, tree.rootEvil, '/', '/etc', `${tree.root}-evil`);
    await fc.assert(
      fc.asyncProperty(start, fc.array(segment, { maxLength: 8 }), async (prefix, parts) => {
        const real = await settle([prefix, ...parts].join('/'));
        if (real !== undefined) expect(isWithin(tree.root, real) && landsInside(real)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('throws only E_FORBIDDEN or E_VALIDATION for arbitrary strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (input) => {
        const real = await settle(input);
        if (real !== undefined) expect(isWithin(tree.root, real)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with a path.relative oracle on lexical containment', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const candidate = resolve(tree.root, parts.join('/'));
        const rel = relative(tree.root, candidate);
        const oracle = rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !rel.startsWith(sep));
        expect(isWithin(tree.root, candidate)).toBe(oracle);
      }),
      { numRuns: 3000 },
    );
  });
});
