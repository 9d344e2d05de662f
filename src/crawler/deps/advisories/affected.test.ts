import { describe, expect, it } from 'vitest';
import type { Ecosystem } from '../types.js';
import { fixedVersionFor, inRange, isAffected } from './affected.js';
import type { AffectedPackage, OsvEvent } from './osv.js';

const entry = (ecosystem: Ecosystem, type: string, events: OsvEvent[], versions: string[] = []): AffectedPackage => ({
  ecosystem,
  name: 'pkg',
  ranges: [{ type, events }],
  versions,
});

describe('OSV range evaluation', () => {
  const twoWindows: OsvEvent[] = [{ introduced: '0' }, { fixed: '0.2.4' }, { introduced: '1.0.0' }, { fixed: '1.2.6' }];

  it.each([
    ['0.1.0', true],
    ['0.2.4', false],
    ['0.9.9', false],
    ['1.0.0', true],
    ['1.2.5', true],
    ['1.2.6', false],
    ['2.0.0', false],
  ])('places %s inside two introduced/fixed windows: %s', (version, affected) => {
    expect(inRange('npm', version, { type: 'SEMVER', events: twoWindows })).toBe(affected);
  });

  it('sorts events that arrive out of order', () => {
    const shuffled: OsvEvent[] = [{ fixed: '1.2.6' }, { introduced: '1.0.0' }, { fixed: '0.2.4' }, { introduced: '0' }];
    expect(inRange('npm', '1.1.0', { type: 'SEMVER', events: shuffled })).toBe(true);
    expect(inRange('npm', '0.5.0', { type: 'SEMVER', events: shuffled })).toBe(false);
  });

  it('includes last_affected and excludes what follows it', () => {
    const range = { type: 'ECOSYSTEM', events: [{ introduced: '2.0.0' }, { last_affected: '2.2.3' }] };
    expect(inRange('RubyGems', '2.2.3', range)).toBe(true);
    expect(inRange('RubyGems', '2.2.3.1', range)).toBe(false);
  });

  it('orders PyPI versions by PEP 440, pre-releases included', () => {
    const range = { type: 'ECOSYSTEM', events: [{ introduced: '3.2' }, { fixed: '3.2.5' }] };
    expect(inRange('PyPI', '3.2.0', range)).toBe(true);
    expect(inRange('PyPI', '3.2.5rc1', range)).toBe(true);
    expect(inRange('PyPI', '3.2.5', range)).toBe(false);
    expect(inRange('PyPI', '3.2.dev1', range)).toBe(false);
  });

  it('orders Maven qualifiers (2.0-beta9 < 2.0 < 2.3.1)', () => {
    const range = { type: 'ECOSYSTEM', events: [{ introduced: '2.0-beta9' }, { fixed: '2.3.1' }] };
    expect(inRange('Maven', '2.0-beta8', range)).toBe(false);
    expect(inRange('Maven', '2.0', range)).toBe(true);
    expect(inRange('Maven', '2.3.1', range)).toBe(false);
  });

  it('compares Go pseudo-versions with SEMVER ranges written without "v"', () => {
    const range = { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.0.0-20201216223049-8b5274cf687f' }] };
    expect(inRange('Go', 'v0.0.0-20200622213623-75b288015ac9', range)).toBe(true);
    expect(inRange('Go', 'v0.0.0-20201216223049-8b5274cf687f', range)).toBe(false);
  });

  it('ignores GIT ranges', () => {
    expect(inRange('npm', '1.0.0', { type: 'GIT', events: [{ introduced: '0' }] })).toBe(false);
  });

  it('matches explicit versions after normalisation', () => {
    expect(isAffected('PyPI', '1.24.1.0', entry('PyPI', 'ECOSYSTEM', [{ introduced: '9' }], ['1.24.1']))).toBe(true);
    expect(isAffected('npm', 'v1.0.0', entry('npm', 'SEMVER', [{ introduced: '9.0.0' }], ['1.0.0']))).toBe(true);
  });

  it('names the lowest fixed version above the affected one', () => {
    expect(fixedVersionFor('npm', '1.1.0', entry('npm', 'SEMVER', twoWindows))).toBe('1.2.6');
    expect(fixedVersionFor('npm', '0.1.0', entry('npm', 'SEMVER', twoWindows))).toBe('0.2.4');
  });

  it('has no fixed version when only last_affected is known', () => {
    expect(fixedVersionFor('npm', '1.0.0', entry('npm', 'SEMVER', [{ introduced: '0' }, { last_affected: '1.0.0' }]))).toBeUndefined();
  });
});
