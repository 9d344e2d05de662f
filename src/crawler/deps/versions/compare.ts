/**
 * One entry point for version ordering per ecosystem: semver (npm, crates.io), PEP 440 (PyPI), Go module
 * versions, Maven's ComparableVersion and RubyGems' Gem::Version.
 */
import semver from 'semver';
import type { Ecosystem } from '../types.js';
import { canonicalGoVersion, compareGo } from './go.js';
import { compareMaven } from './maven.js';
import { comparePep440, normalizePep440, parsePep440 } from './pep440.js';
import { compareRubyGems } from './rubygems.js';

function compareSemver(a: string, b: string): number {
  const x = semver.valid(a.trim().replace(/^[=v]+/, ''));
  const y = semver.valid(b.trim().replace(/^[=v]+/, ''));
  if (x && y) return semver.compare(x, y);
  if (!x && !y) return a < b ? -1 : a > b ? 1 : 0;
  return x ? 1 : -1;
}

/**
 * Order two versions of `ecosystem`: negative when `a` is older, 0 when equal, positive when newer.
 * @example compareVersions('PyPI', '2.0.0rc1', '2.0') // < 0
 */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  switch (ecosystem) {
    case 'npm':
    case 'crates.io':
      return compareSemver(a, b);
    case 'PyPI':
      return comparePep440(a, b);
    case 'Go':
      return compareGo(a, b);
    case 'Maven':
      return compareMaven(a, b);
    case 'RubyGems':
      return compareRubyGems(a, b);
  }
}

/** True when `version` is well-formed for `ecosystem` (Maven and RubyGems accept any non-empty text). */
export function isValidVersion(ecosystem: Ecosystem, version: string): boolean {
  switch (ecosystem) {
    case 'npm':
    case 'crates.io':
      return semver.valid(version.trim().replace(/^[=v]+/, '')) !== null;
    case 'PyPI':
      return parsePep440(version) !== undefined;
    case 'Go':
      return canonicalGoVersion(version) !== undefined;
    case 'Maven':
    case 'RubyGems':
      return version.trim().length > 0;
  }
}

/** A version in the form used to test equality against OSV `versions` lists (e.g. PEP 440 normalisation). */
export function canonicalVersion(ecosystem: Ecosystem, version: string): string {
  const v = version.trim();
  switch (ecosystem) {
    case 'npm':
    case 'crates.io':
      return v.replace(/^[=v]+/, '');
    case 'PyPI':
      return normalizePep440(v) ?? v;
    case 'Go':
      return v.replace(/^v/, '');
    default:
      return v;
  }
}
