import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTree } from './dependency-tree.js';
import { parseNpmLockfile, resolvePackage } from './npm-lockfile.js';

const v1 = readFileSync(new URL('../../../test/fixtures/deps/npm-v1/package-lock.json', import.meta.url), 'utf8');
const v3 = readFileSync(new URL('../../../test/fixtures/deps/npm-v3/package-lock.json', import.meta.url), 'utf8');

describe('parseNpmLockfile', () => {
  it('builds install paths for nested v1 entries', () => {
    const lock = parseNpmLockfile('package-lock.json', v1);
    expect(lock.packages.map((p) => p.key)).toContain('node_modules/mocha/node_modules/debug');
  });

  it('resolves v1 aliases to the real package', () => {
    const lock = parseNpmLockfile('package-lock.json', v1);
    expect(lock.byKey.get('node_modules/underscore')).toMatchObject({ name: 'lodash', version: '4.17.20' });
  });

  it('guesses the root requirements of a v1 lockfile without package.json', () => {
    const lock = parseNpmLockfile('package-lock.json', v1);
    expect(Object.keys(lock.rootRequires).sort()).toEqual(['mkdirp', 'mocha', 'underscore']);
  });

  it('follows a link to its workspace folder', () => {
    const lock = parseNpmLockfile('package-lock.json', v3);
    expect(resolvePackage(lock, '', 'local-lib')?.key).toBe('../local-lib');
  });

  it('answers E_VALIDATION for text that is not JSON', () => {
    expect(() => parseNpmLockfile('package-lock.json', '{"lockfileVersion": 3,')).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION' }),
    );
  });
});

describe('buildTree', () => {
  it('resolves a nested copy before the hoisted one', () => {
    const lock = parseNpmLockfile('package-lock.json', v1);
    const tree = buildTree(lock, { includeDev: true, maxDepth: 10 });
    expect(tree.nodes.find((n) => n.name === 'mocha')?.dependencies).toEqual(['node_modules/mocha/node_modules/debug']);
    expect(tree.nodes.find((n) => n.name === 'mkdirp')?.dependencies).toEqual(['node_modules/minimist']);
  });

  it('leaves development dependencies out on request', () => {
    const tree = buildTree(parseNpmLockfile('package-lock.json', v1), { includeDev: false, maxDepth: 10 });
    expect(tree.nodes.some((n) => n.name === 'mocha')).toBe(false);
  });
});
