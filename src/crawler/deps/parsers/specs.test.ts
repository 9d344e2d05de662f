import { describe, expect, it } from 'vitest';
import { npmSpec } from './npm.js';
import { pnpmPackageKey } from './pnpm.js';
import { parseRequirement } from './python.js';

describe('npm specs', () => {
  it('resolves aliases to the package they install', () => {
    expect(npmSpec('str', 'npm:string-width@^4.2.0')).toEqual({ name: 'string-width', spec: '^4.2.0' });
    expect(npmSpec('x', 'npm:@scope/pkg@1.2.3')).toEqual({ name: '@scope/pkg', version: '1.2.3' });
  });

  it('skips paths, links, workspaces, git and URLs', () => {
    for (const spec of [
      'file:../x',
      'link:../x',
      'workspace:*',
      'git+https://github.com/a/b.git',
      'github:a/b',
      'a/b#main',
      'https://x/y.tgz',
      './local',
    ])
      expect(npmSpec('x', spec)).toBeUndefined();
  });
});

describe('pnpm package keys', () => {
  it.each([
    ['/lodash/4.17.15', 5, { name: 'lodash', version: '4.17.15' }],
    ['/@babel/core/7.20.2_supports-color@5.5.0', 5, { name: '@babel/core', version: '7.20.2' }],
    ['/@babel/core@7.20.2(supports-color@5.5.0)', 6, { name: '@babel/core', version: '7.20.2' }],
    ['lodash@4.17.15', 9, { name: 'lodash', version: '4.17.15' }],
  ] as const)('reads %s (v%s)', (key, major, expected) => {
    expect(pnpmPackageKey(key, major)).toEqual(expected);
  });

  it('skips keys without a registry version', () => {
    expect(pnpmPackageKey('/local-pkg@file:../local', 6)).toBeUndefined();
  });
});

describe('PEP 508 requirements', () => {
  it.each([
    ['requests[security]>=2.20,<3', { name: 'requests', spec: '>=2.20,<3' }],
    ['Django == 3.2.4', { name: 'Django', version: '3.2.4' }],
    ['urllib3===1.24.1', { name: 'urllib3', version: '1.24.1' }],
    ['pyyaml==5.*', { name: 'pyyaml', spec: '==5.*' }],
    ['numpy', { name: 'numpy' }],
    ['zope.interface (>=5)', { name: 'zope.interface', spec: '>=5' }],
  ])('reads %s', (text, expected) => {
    expect(parseRequirement(text)).toEqual(expected);
  });

  it('skips direct URL references', () => {
    expect(parseRequirement('pkg @ https://example.com/pkg-1.0.tar.gz')).toBeUndefined();
  });
});
