/**
 * Go module version ordering: semantic versions with a "v" prefix, where pseudo-versions
 * (v0.0.0-20191109021931-daa7c04131f5, vX.Y.(Z+1)-0.timestamp-hash, vX.Y.Z-pre.0.timestamp-hash) are
 * pre-releases that order by their base and timestamp, and "+incompatible" is build metadata that does not count.
 */
import semver from 'semver';

/** The version without its "v" prefix and "+incompatible" suffix, or undefined when it is not a semantic version. */
export function canonicalGoVersion(version: string): string | undefined {
  const bare = version
    .trim()
    .replace(/^v/, '')
    .replace(/\+incompatible$/, '');
  return semver.valid(bare) ?? undefined;
}

/** True for a pseudo-version (a commit without a tag), e.g. v0.0.0-20191109021931-daa7c04131f5. */
export function isGoPseudoVersion(version: string): boolean {
  // The pattern of golang.org/x/mod/module.IsPseudoVersion.
  return /^v?\d+\.(?:0\.0-|\d+\.\d+-(?:[^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/.test(version.trim());
}

/**
 * Order two Go module versions (with or without "v"). Invalid versions sort before valid ones.
 * @example compareGo('v1.2.4-0.20200101000000-abcdefabcdef', 'v1.2.3') // > 0
 */
export function compareGo(a: string, b: string): number {
  const x = canonicalGoVersion(a);
  const y = canonicalGoVersion(b);
  if (x && y) return semver.compare(x, y);
  if (!x && !y) return a < b ? -1 : a > b ? 1 : 0;
  return x ? 1 : -1;
}
