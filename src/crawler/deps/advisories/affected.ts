/**
 * Does an OSV `affected` entry cover a version? Implements the evaluation of the OSV specification:
 * explicit `versions`, and SEMVER/ECOSYSTEM ranges whose events (introduced, fixed, last_affected) are
 * sorted by version and applied in order. GIT ranges need commit history and are ignored here.
 */
import semver from 'semver';
import type { Ecosystem } from '../types.js';
import { canonicalVersion, compareVersions } from '../versions/compare.js';
import { compareGo } from '../versions/go.js';
import type { AffectedPackage, OsvEvent, OsvRange } from './osv.js';

type Compare = (a: string, b: string) => number;

function comparatorFor(ecosystem: Ecosystem, rangeType: string): Compare | undefined {
  if (rangeType === 'ECOSYSTEM') return (a, b) => compareVersions(ecosystem, a, b);
  if (rangeType !== 'SEMVER') return undefined;
  if (ecosystem === 'Go') return compareGo;
  return (a, b) => {
    const x = semver.valid(a.replace(/^v/, ''));
    const y = semver.valid(b.replace(/^v/, ''));
    return x && y ? semver.compare(x, y) : compareVersions(ecosystem, a, b);
  };
}

function eventVersion(e: OsvEvent): string {
  return 'introduced' in e ? e.introduced : 'fixed' in e ? e.fixed : 'last_affected' in e ? e.last_affected : e.limit;
}

/** Events in version order; "0" (the beginning of time) first. */
function sortedEvents(events: readonly OsvEvent[], compare: Compare): OsvEvent[] {
  const zeroFirst = (a: OsvEvent, b: OsvEvent): number => {
    const va = eventVersion(a);
    const vb = eventVersion(b);
    if (va === vb) return 0;
    if (va === '0') return -1;
    if (vb === '0') return 1;
    return compare(va, vb);
  };
  return [...events].sort(zeroFirst);
}

/** True when `version` falls in one SEMVER or ECOSYSTEM range. */
export function inRange(ecosystem: Ecosystem, version: string, range: OsvRange): boolean {
  const compare = comparatorFor(ecosystem, range.type);
  if (!compare) return false;
  let affected = false;
  for (const e of sortedEvents(range.events, compare)) {
    if ('introduced' in e) {
      if (e.introduced === '0' || compare(version, e.introduced) >= 0) affected = true;
    } else if ('fixed' in e) {
      if (compare(version, e.fixed) >= 0) affected = false;
    } else if ('last_affected' in e) {
      if (compare(version, e.last_affected) > 0) affected = false;
    }
  }
  return affected;
}

/**
 * True when `version` of a package of `ecosystem` is affected by this entry.
 * @example isAffected('npm', '4.17.15', { ecosystem: 'npm', name: 'lodash', versions: [], ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }] }) // true
 */
export function isAffected(ecosystem: Ecosystem, version: string, entry: AffectedPackage): boolean {
  // Equal in the ecosystem's order, so PEP 440's 1.24.1.0 is 1.24.1 and Go's v1.2.3 is 1.2.3.
  if (entry.versions.some((v) => compareVersions(ecosystem, canonicalVersion(ecosystem, v), canonicalVersion(ecosystem, version)) === 0))
    return true;
  return entry.ranges.some((r) => inRange(ecosystem, version, r));
}

/**
 * The lowest fixed version above `version` in the ranges that affect it (what to upgrade to), if any.
 */
export function fixedVersionFor(ecosystem: Ecosystem, version: string, entry: AffectedPackage): string | undefined {
  let best: string | undefined;
  for (const r of entry.ranges) {
    const compare = comparatorFor(ecosystem, r.type);
    if (!compare || !inRange(ecosystem, version, r)) continue;
    for (const e of r.events)
      if ('fixed' in e && compare(e.fixed, version) > 0 && (best === undefined || compare(e.fixed, best) < 0)) best = e.fixed;
  }
  return best;
}
