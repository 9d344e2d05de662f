import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globToRegExp } from '../gateway/glob.js';
import { globAny, globMatch } from './glob-match.js';

describe('globMatch', () => {
  it.each([
    ['kubernetes_*', 'kubernetes_scale', true],
    ['kubernetes_*', 'docker_run', false],
    ['*_delete*', 'docker_delete_image', true],
    ['prod-?', 'prod-1', true],
    ['prod-?', 'prod-12', false],
    ['*', '', true],
    ['', '', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
  ])('matches %s against %s: %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('treats regex characters literally', () => {
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('(x)', '(x)')).toBe(true);
  });

  it('agrees with the gateway glob on arbitrary input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ab*?]{0,8}$/), fc.stringMatching(/^[ab]{0,12}$/), (pattern, value) => {
        expect(globMatch(pattern, value)).toBe(globToRegExp(pattern).test(value));
      }),
    );
  });

  it('stays fast on patterns that make regexes backtrack', () => {
    const pattern = `${'*a'.repeat(30)}*b`;
    const value = 'a'.repeat(5_000);
    const started = performance.now();
    expect(globMatch(pattern, value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('matches any of several globs', () => {
    expect(globAny(['x', 'prod-*'], 'prod-eu')).toBe(true);
    expect(globAny([], 'prod-eu')).toBe(false);
  });
});
