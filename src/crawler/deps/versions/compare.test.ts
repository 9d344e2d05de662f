import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ecosystem } from '../types.js';
import { canonicalVersion, compareVersions, isValidVersion } from './compare.js';

const num = fc.integer({ min: 0, max: 12 });
const GENERATORS: Record<Ecosystem, fc.Arbitrary<string>> = {
  npm: fc
    .tuple(num, num, num, fc.option(fc.constantFrom('alpha.1', 'beta', 'rc.2', '0')))
    .map(([a, b, c, p]) => `${a}.${b}.${c}${p ? `-${p}` : ''}`),
  'crates.io': fc.tuple(num, num, num).map(([a, b, c]) => `${a}.${b}.${c}`),
  PyPI: fc.tuple(num, num, fc.option(fc.constantFrom('a1', 'b2', 'rc1', '.post1', '.dev3'))).map(([a, b, s]) => `${a}.${b}${s ?? ''}`),
  Go: fc
    .tuple(num, num, num, fc.option(fc.integer({ min: 20_190_101_000_000, max: 20_251_231_235_959 })))
    .map(([a, b, c, ts]) => (ts ? `v${a}.${b}.${c + 1}-0.${ts}-abcdefabcdef` : `v${a}.${b}.${c}`)),
  Maven: fc
    .tuple(num, num, fc.option(fc.constantFrom('-alpha-1', '-beta', '-rc1', '-SNAPSHOT', '.Final', '-sp1', '.0', '-jre')))
    .map(([a, b, q]) => `${a}.${b}${q ?? ''}`),
  RubyGems: fc.tuple(num, num, fc.option(fc.constantFrom('.pre', '.rc1', '.beta2', '.1', '-1'))).map(([a, b, q]) => `${a}.${b}${q ?? ''}`),
};

describe.each(Object.keys(GENERATORS) as Ecosystem[])('version order of %s', (ecosystem) => {
  const version = GENERATORS[ecosystem];
  const cmp = (a: string, b: string) => Math.sign(compareVersions(ecosystem, a, b));

  it('is antisymmetric and transitive', () => {
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        expect(cmp(a, b) === -cmp(b, a)).toBe(true);
        if (cmp(a, b) <= 0 && cmp(b, c) <= 0) expect(cmp(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts the versions it generates and compares each equal to itself', () => {
    fc.assert(
      fc.property(version, (v) => {
        expect(isValidVersion(ecosystem, v)).toBe(true);
        expect(cmp(v, canonicalVersion(ecosystem, v))).toBe(0);
      }),
    );
  });
});
