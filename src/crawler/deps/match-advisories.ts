/**
 * Vulnerable dependencies: every dependency with a known version is checked against the advisories of its
 * package, with the version ordering of its ecosystem; each hit becomes one `vuln-dep` finding.
 */
import { type Finding, fingerprintOf } from '../findings.js';
import type { AdvisoryStore } from './advisories/advisory-store.js';
import { packageKey } from './advisories/advisory-store.js';
import { fixedVersionFor, isAffected } from './advisories/affected.js';
import type { Advisory, AffectedPackage } from './advisories/osv.js';
import type { Dependency } from './types.js';

/** The finding for one dependency affected by one advisory. */
export function vulnerableDependencyFinding(dep: Dependency & { version: string }, advisory: Advisory, entry: AffectedPackage): Finding {
  const ruleId = `vuln-dep/${advisory.id}`;
  const fixed = fixedVersionFor(dep.ecosystem, dep.version, entry);
  const cve = advisory.aliases.find((a) => a.startsWith('CVE-'));
  const line = dep.line ?? 1;
  const what = `${dep.name} ${dep.version} (${dep.ecosystem}${dep.direct ? '' : ', transitive'})`;
  return {
    ruleId,
    kind: 'vuln-dep',
    severity: advisory.severity,
    file: dep.file,
    startLine: line,
    endLine: line,
    message: `${what} is affected by ${advisory.id}${cve ? ` (${cve})` : ''}${advisory.summary ? `: ${advisory.summary}` : '.'}`,
    match: `${dep.name}@${dep.version}`,
    fingerprint: fingerprintOf(ruleId, dep.file, `${dep.ecosystem}:${dep.name}@${dep.version}`),
    ...(advisory.cwe.length > 0 ? { cwe: advisory.cwe } : {}),
    fix: fixed
      ? `Upgrade ${dep.name} to ${fixed} or later${dep.direct ? '' : ' (through the package that requires it, or an override/resolution)'}.`
      : `No fixed version is known; replace ${dep.name} or mitigate as ${advisory.id} describes.`,
    confidence: 'high',
    metadata: {
      advisory: advisory.id,
      ecosystem: dep.ecosystem,
      package: dep.name,
      version: dep.version,
      direct: dep.direct,
      ...(fixed ? { fixedVersion: fixed } : {}),
      ...(advisory.cvssScore !== undefined ? { cvss: advisory.cvssScore } : {}),
      ...(advisory.aliases.length > 0 ? { aliases: advisory.aliases.join(',') } : {}),
    },
  };
}

/**
 * Findings for every dependency (with a resolved or pinned version) affected by a stored advisory.
 * Withdrawn advisories are ignored; the same package version in the same file is reported once per advisory.
 * @example const findings = await matchAdvisories(parseDependencies(files), store);
 */
export async function matchAdvisories(deps: readonly Dependency[], store: AdvisoryStore): Promise<Finding[]> {
  const pinned = deps.filter((d): d is Dependency & { version: string } => d.version !== undefined && d.version !== '');
  if (pinned.length === 0) return [];
  const advisories = await store.forPackages(pinned.map((d) => ({ ecosystem: d.ecosystem, name: d.name })));
  const byPackage = new Map<string, Array<{ advisory: Advisory; entry: AffectedPackage }>>();
  for (const advisory of advisories) {
    if (advisory.withdrawn) continue;
    for (const entry of advisory.affected) {
      const key = packageKey(entry.ecosystem, entry.name);
      const list = byPackage.get(key) ?? [];
      list.push({ advisory, entry });
      byPackage.set(key, list);
    }
  }
  const out = new Map<string, Finding>();
  for (const dep of pinned) {
    for (const { advisory, entry } of byPackage.get(packageKey(dep.ecosystem, dep.name)) ?? []) {
      if (!isAffected(dep.ecosystem, dep.version, entry)) continue;
      const finding = vulnerableDependencyFinding(dep, advisory, entry);
      if (!out.has(finding.fingerprint)) out.set(finding.fingerprint, finding);
    }
  }
  return [...out.values()];
}
