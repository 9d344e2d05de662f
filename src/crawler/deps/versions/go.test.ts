import { describe, expect, it } from 'vitest';
import { canonicalGoVersion, compareGo, isGoPseudoVersion } from './go.js';

describe('Go module versions', () => {
  it('orders pseudo-versions before the release they precede and after their base', () => {
    const ordered = [
      'v0.0.0-20191109021931-daa7c04131f5',
      'v0.0.0-20200101000000-aaaaaaaaaaaa',
      'v1.2.3',
      'v1.2.4-0.20200101000000-abcdefabcdef',
      'v1.2.4-pre',
      'v1.2.4-pre.0.20200202000000-abcdefabcdef',
      'v1.2.4',
    ];
    expect([...ordered].reverse().sort(compareGo)).toEqual(ordered);
  });

  it('ignores +incompatible', () => {
    expect(compareGo('v2.0.0+incompatible', '2.0.0')).toBe(0);
    expect(canonicalGoVersion('v2.1.0+incompatible')).toBe('2.1.0');
  });

  it('recognises the three pseudo-version forms', () => {
    expect(isGoPseudoVersion('v0.0.0-20191109021931-daa7c04131f5')).toBe(true);
    expect(isGoPseudoVersion('v1.2.4-0.20200101000000-abcdefabcdef')).toBe(true);
    expect(isGoPseudoVersion('v1.2.4-pre.0.20200101000000-abcdefabcdef+incompatible')).toBe(true);
    expect(isGoPseudoVersion('v1.2.4')).toBe(false);
  });
});
