import { describe, expect, it } from 'vitest';
import { compareRubyGems } from './rubygems.js';

describe('RubyGems versions', () => {
  it('orders pre-releases ("-" meaning .pre.) before the release and patch levels after it', () => {
    const ordered = ['1.0.0.a', '1.0.0.b', '1.0.0-1', '1.0.0.rc1', '1.0.0.rc2', '1.0.0', '1.0.0.1', '1.0.1', '1.9.3', '1.10.0'];
    expect([...ordered].reverse().sort(compareRubyGems)).toEqual(ordered);
  });

  it('ignores trailing zeros', () => {
    expect(compareRubyGems('1.0', '1.0.0')).toBe(0);
    expect(compareRubyGems('1.0.a.0', '1.0.a')).toBe(0);
  });

  it('splits letters from digits inside a segment', () => {
    expect(compareRubyGems('2.0.0.beta2', '2.0.0.beta10')).toBeLessThan(0);
    expect(compareRubyGems('2.0.0b2', '2.0.0.b.2')).toBe(0);
  });
});
