/**
 * The packages of a project, one entry per ecosystem/name/version: from the npm lockfile in detail (install path,
 * integrity, licence, flags) when there is one, and from the crawler's parsers for everything else.
 */
import type { Ecosystem } from '../../crawler/deps/types.js';
import type { PathGuard } from '../../security/path-guard.js';
import { licenseOf } from './license-policy.js';
import { type LockPackage, topLevelName } from './npm-lockfile.js';
import { type Project, readInstalledManifest } from './project.js';

/** One package of a project. */
export interface ProjectPackage {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  direct: boolean;
  dev: boolean;
  /** The npm lockfile entry, for npm packages of a project with package-lock.json. */
  lock?: LockPackage;
  /** The file it was read from. */
  file: string;
}

/** Every package of `project`, npm lockfile entries first; links and workspace folders are left out. */
export function listPackages(project: Project): ProjectPackage[] {
  const out = new Map<string, ProjectPackage>();
  const lock = project.npmLock;
  if (lock) {
    for (const p of lock.packages) {
      if (p.link || !p.key.includes('node_modules/')) continue;
      const key = `npm\0${p.name}\0${p.version ?? p.resolved ?? ''}`;
      const as = topLevelName(p.key);
      const direct = as !== undefined && as in lock.rootRequires;
      const seen = out.get(key);
      if (seen) {
        seen.direct ||= direct;
        seen.dev &&= p.dev;
        continue;
      }
      out.set(key, {
        ecosystem: 'npm',
        name: p.name,
        ...(p.version ? { version: p.version } : {}),
        direct,
        dev: p.dev,
        lock: p,
        file: lock.file,
      });
    }
  }
  for (const d of project.dependencies) {
    if (lock && d.ecosystem === 'npm' && (d.file === lock.file || d.file === 'package.json')) continue;
    const key = `${d.ecosystem}\0${d.name}\0${d.version ?? d.spec ?? ''}`;
    if (out.has(key)) continue;
    out.set(key, {
      ecosystem: d.ecosystem,
      name: d.name,
      ...(d.version ? { version: d.version } : {}),
      direct: d.direct,
      dev: d.dev === true,
      file: d.file,
    });
  }
  return [...out.values()];
}

/** Where a licence was found. */
export type LicenseSource = 'lockfile' | 'node_modules' | 'none';

/**
 * The licence of each npm package: the lockfile's `license` (npm 7+), else the installed package.json under
 * node_modules. Other ecosystems' lockfiles record no licences, so theirs stay unknown.
 */
export async function licensesOf(
  files: PathGuard,
  project: Project,
  packages: readonly ProjectPackage[],
): Promise<Map<ProjectPackage, { license: string | undefined; source: LicenseSource }>> {
  const out = new Map<ProjectPackage, { license: string | undefined; source: LicenseSource }>();
  await Promise.all(
    packages.map(async (p) => {
      if (p.lock?.license) return out.set(p, { license: p.lock.license, source: 'lockfile' });
      if (p.ecosystem === 'npm') {
        const installed = await readInstalledManifest(files, project.root, p.lock?.key ?? `node_modules/${p.name}`);
        const license = installed ? licenseOf(installed) : undefined;
        if (license) return out.set(p, { license, source: 'node_modules' });
      }
      return out.set(p, { license: undefined, source: 'none' });
    }),
  );
  return out;
}
