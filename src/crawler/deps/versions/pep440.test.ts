import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePep440, isPep440Prerelease, normalizePep440, parsePep440 } from './pep440.js';

// Ascending order, checked against Python's packaging 26 (`sorted(map(Version, …))`).
const ORDERED = [
  '1.0.dev456',
  '1.0a1',
  '1.0a2.dev456',
  '1.0a12.dev456',
  '1.0a12',
  '1.0b1.dev456',
  '1.0b2',
  '1.0b2.post345.dev456',
  '1.0b2.post345',
  '1.0rc1.dev456',
  '1.0rc1',
  '1.0',
  '1.0+abc.5',
  '1.0+abc.7',
  '1.0+5',
  '1.0.post456.dev34',
  '1.0.post456',
  '1.0.15',
  '1.1.dev1',
  '20240101',
  '1!0.1',
  '1!1.0',
];

describe('PEP 440 versions', () => {
  it('orders the specification examples, epochs and local versions', () => {
    const shuffled = [...ORDERED].reverse();
    expect(shuffled.sort(comparePep440)).toEqual(ORDERED);
  });

  it('treats trailing zeros in the release as equal', () => {
    expect(comparePep440('1.0.0', '1')).toBe(0);
  });

  it('normalises spellings to the canonical form', () => {
    expect(normalizePep440('v1.0.0-ALPHA.1')).toBe('1.0.0a1');
    expect(normalizePep440('1.0-1')).toBe('1.0.post1');
    expect(normalizePep440('1.0.rev')).toBe('1.0.post0');
    expect(normalizePep440('1.0c2')).toBe('1.0rc2');
    expect(normalizePep440('1.0-preview-3_dev_4')).toBe('1.0rc3.dev4');
    expect(normalizePep440('0001!02.0+UBUNTU-1')).toBe('1!2.0+ubuntu.1');
  });

  it('compares numbers of any size exactly', () => {
    expect(comparePep440('1.99999999999999999999', '1.100000000000000000000')).toBeLessThan(0);
  });

  it('rejects strings that are not versions', () => {
    expect(parsePep440('1.0-foo')).toBeUndefined();
    expect(parsePep440('latest')).toBeUndefined();
  });

  it('sorts invalid versions before valid ones', () => {
    expect(comparePep440('not-a-version', '0.0.1')).toBeLessThan(0);
  });

  it('recognises pre-releases and dev releases', () => {
    expect(isPep440Prerelease('2.0b1')).toBe(true);
    expect(isPep440Prerelease('2.0.dev1')).toBe(true);
    expect(isPep440Prerelease('2.0.post1')).toBe(false);
  });

  it('is a total order (antisymmetric and transitive) on generated versions', () => {
    const version = fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
        fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc'), fc.integer({ min: 0, max: 2 }))),
        fc.option(fc.integer({ min: 0, max: 2 })),
        fc.option(fc.integer({ min: 0, max: 2 })),
      )
      .map(
        ([rel, pre, post, dev]) =>
          `${rel.join('.')}${pre ? pre[0] + pre[1] : ''}${post !== null ? `.post${post}` : ''}${dev !== null ? `.dev${dev}` : ''}`,
      );
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        // `+ 0` turns -0 into 0: toBe compares with Object.is.
        expect(Math.sign(comparePep440(a, b))).toBe(-Math.sign(comparePep440(b, a)) + 0);
        if (comparePep440(a, b) <= 0 && comparePep440(b, c) <= 0) expect(comparePep440(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});
