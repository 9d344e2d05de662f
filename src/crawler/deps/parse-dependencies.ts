/**
 * parseDependencies: recognises manifests and lockfiles by name, parses each, and settles which
 * dependencies are direct: a lockfile that records it (package-lock v2+, pnpm, go.mod, Cargo.lock,
 * Gemfile.lock) decides itself; otherwise the manifest beside it (package.json, pyproject.toml, Pipfile)
 * does. Where a lockfile exists, its resolved versions replace the manifest's ranges.
 */
import { normalizePackageName } from './advisories/package-name.js';
import { parseCargoLock, parseCargoToml } from './parsers/cargo.js';
import { parseGoMod, parseGoSum } from './parsers/go.js';
import { parsePomXml } from './parsers/maven.js';
import { parsePackageJson, parsePackageLock } from './parsers/npm.js';
import { parsePnpmLock } from './parsers/pnpm.js';
import { parsePipfile, parsePipfileLock, parsePyproject, parsePythonTomlLock, parseRequirementsTxt } from './parsers/python.js';
import type { RawDependency } from './parsers/raw.js';
import { parseGemfileLock } from './parsers/ruby.js';
import { parseYarnLock } from './parsers/yarn.js';
import type { Dependency, DependencyFile, Ecosystem } from './types.js';

/**
 * How a file takes part: a `manifest` declares, a `lock` resolves (and replaces the manifest's entries),
 * `fallback` is a lock used only when no other lock of its ecosystem is beside it, `standalone` always counts.
 */
type Role = 'manifest' | 'lock' | 'fallback' | 'standalone';

interface Kind {
  ecosystem: Ecosystem;
  role: Role;
  parse(file: DependencyFile): RawDependency[];
}

const BY_NAME: Record<string, Kind> = {
  'package.json': { ecosystem: 'npm', role: 'manifest', parse: parsePackageJson },
  'package-lock.json': { ecosystem: 'npm', role: 'lock', parse: parsePackageLock },
  'npm-shrinkwrap.json': { ecosystem: 'npm', role: 'lock', parse: parsePackageLock },
  'yarn.lock': { ecosystem: 'npm', role: 'lock', parse: parseYarnLock },
  'pnpm-lock.yaml': { ecosystem: 'npm', role: 'lock', parse: parsePnpmLock },
  'pyproject.toml': { ecosystem: 'PyPI', role: 'manifest', parse: parsePyproject },
  Pipfile: { ecosystem: 'PyPI', role: 'manifest', parse: parsePipfile },
  'poetry.lock': { ecosystem: 'PyPI', role: 'lock', parse: parsePythonTomlLock },
  'uv.lock': { ecosystem: 'PyPI', role: 'lock', parse: parsePythonTomlLock },
  'Pipfile.lock': { ecosystem: 'PyPI', role: 'lock', parse: parsePipfileLock },
  'go.mod': { ecosystem: 'Go', role: 'lock', parse: parseGoMod },
  'go.sum': { ecosystem: 'Go', role: 'fallback', parse: parseGoSum },
  'Cargo.toml': { ecosystem: 'crates.io', role: 'manifest', parse: parseCargoToml },
  'Cargo.lock': { ecosystem: 'crates.io', role: 'lock', parse: parseCargoLock },
  'pom.xml': { ecosystem: 'Maven', role: 'standalone', parse: parsePomXml },
  'Gemfile.lock': { ecosystem: 'RubyGems', role: 'standalone', parse: parseGemfileLock },
};

const REQUIREMENTS: Kind = { ecosystem: 'PyPI', role: 'standalone', parse: parseRequirementsTxt };

/** The parser for a path, by its base name; undefined when the file is not a manifest or lockfile. */
export function dependencyFileKind(path: string): Kind | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (Object.hasOwn(BY_NAME, base)) return BY_NAME[base];
  if (/^requirements(?:[-_.][\w.-]*)?\.(?:txt|in)$/i.test(base) || /(?:^|\/)requirements\/[\w.-]+\.(?:txt|in)$/i.test(path))
    return REQUIREMENTS;
  return undefined;
}

/** True when `path` names a file parseDependencies reads (for the walker's selection). */
export function isDependencyFile(path: string): boolean {
  return dependencyFileKind(path) !== undefined;
}

function finish(d: RawDependency, direct: boolean): Dependency {
  const { directGuess: _guess, direct: _direct, line, ...rest } = d;
  return { ...rest, direct, ...(line !== undefined ? { line } : {}) };
}

/**
 * Every dependency declared or resolved in `files` (other files are ignored), one entry per package version
 * per file. Pure: the caller reads the files.
 * @example parseDependencies([{ path: 'package.json', content }, { path: 'package-lock.json', content: lock }])
 */
export function parseDependencies(files: ReadonlyArray<DependencyFile>): Dependency[] {
  const groups = new Map<string, Array<{ kind: Kind; deps: RawDependency[] }>>();
  for (const file of files) {
    const kind = dependencyFileKind(file.path);
    if (!kind) continue;
    const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/')) : '';
    const key = `${dir}\0${kind.ecosystem}`;
    const list = groups.get(key) ?? [];
    list.push({ kind, deps: kind.parse(file) });
    groups.set(key, list);
  }
  const out: Dependency[] = [];
  for (const parsed of groups.values()) {
    const manifests = parsed.filter((p) => p.kind.role === 'manifest').flatMap((p) => p.deps);
    const locks = parsed.filter((p) => p.kind.role === 'lock');
    const resolving = locks.length > 0 ? locks : parsed.filter((p) => p.kind.role === 'fallback');
    for (const p of parsed) if (p.kind.role === 'standalone') for (const d of p.deps) out.push(finish(d, d.direct ?? true));
    if (resolving.length === 0) {
      for (const d of manifests) out.push(finish(d, true));
      continue;
    }
    const declared = new Map(manifests.map((d) => [normalizePackageName(d.ecosystem, d.name), d]));
    for (const d of resolving.flatMap((p) => p.deps)) {
      const m = declared.get(normalizePackageName(d.ecosystem, d.name));
      const direct = d.direct ?? (manifests.length > 0 ? m !== undefined : (d.directGuess ?? false));
      const withManifest: RawDependency = direct && m ? { ...d, ...(m.spec ? { spec: m.spec } : {}), dev: d.dev || m.dev === true } : d;
      out.push(finish(withManifest, direct));
    }
  }
  return out;
}
