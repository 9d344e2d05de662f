/**
 * npm manifests and lockfiles: package.json, and package-lock.json / npm-shrinkwrap.json in lockfile
 * versions 1 (nested `dependencies`), 2 and 3 (flat `packages` keyed by node_modules path).
 */
import semver from 'semver';
import type { DependencyFile } from '../types.js';
import { jsonObject, type RawDependency, record, str } from './raw.js';
import { LineIndex } from './text-lines.js';

const SECTIONS = [
  ['dependencies', false],
  ['optionalDependencies', false],
  ['devDependencies', true],
] as const;

/** The package an npm spec installs: aliases ("npm:real@^1") name another package; URLs and paths have no version. */
export function npmSpec(name: string, spec: string): { name: string; version?: string; spec?: string } | undefined {
  let target = name;
  let range = spec.trim();
  if (range.startsWith('npm:')) {
    const rest = range.slice(4);
    const at = rest.lastIndexOf('@');
    if (at > 0) {
      target = rest.slice(0, at);
      range = rest.slice(at + 1);
    } else {
      target = rest;
      range = '*';
    }
  }
  if (
    /^(?:file:|link:|workspace:|portal:|patch:|git\+|git:|github:|https?:|\.{0,2}\/)/.test(range) ||
    /^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(range)
  )
    return undefined;
  const exact = semver.valid(range.replace(/^[=v]+/, ''));
  return exact ? { name: target, version: exact } : { name: target, spec: range };
}

/** Direct dependencies declared in a package.json (peer dependencies are the consumer's, so they are skipped). */
export function parsePackageJson(file: DependencyFile): RawDependency[] {
  const json = jsonObject(file.content);
  if (!json) return [];
  const lines = new LineIndex(file.content);
  const out: RawDependency[] = [];
  for (const [section, dev] of SECTIONS) {
    const sectionAt = lines.offsetOf(`"${section}"`);
    for (const [name, rawSpec] of Object.entries(record(json[section]))) {
      const spec = str(rawSpec);
      if (spec === undefined) continue;
      const resolved = npmSpec(name, spec);
      if (!resolved) continue;
      out.push({
        ecosystem: 'npm',
        ...resolved,
        direct: true,
        dev,
        file: file.path,
        line: lines.find(`"${name}"`, Math.max(0, sectionAt)),
      });
    }
  }
  return out;
}

/** The package name of a `packages` key: the part after the last "node_modules/". */
function nameFromPath(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  return at === -1 ? path : path.slice(at + 'node_modules/'.length);
}

function lockV2(file: DependencyFile, packages: Record<string, unknown>, lines: LineIndex): RawDependency[] {
  const root = record(packages['']);
  const rootNames = new Set(SECTIONS.flatMap(([s]) => Object.keys(record(root[s]))));
  const out: RawDependency[] = [];
  for (const [path, value] of Object.entries(packages)) {
    if (!path.includes('node_modules/')) continue;
    const entry = record(value);
    const version = str(entry.version);
    if (entry.link === true || !version || !semver.valid(version)) continue;
    const installedAs = nameFromPath(path);
    out.push({
      ecosystem: 'npm',
      name: str(entry.name) ?? installedAs,
      version,
      direct: path === `node_modules/${installedAs}` && rootNames.has(installedAs),
      dev: entry.dev === true,
      file: file.path,
      line: lines.find(`"${path}"`),
    });
  }
  return out;
}

function lockV1(file: DependencyFile, deps: Record<string, unknown>, lines: LineIndex): RawDependency[] {
  const out: RawDependency[] = [];
  const required = new Set<string>();
  const walk = (level: Record<string, unknown>, depth: number) => {
    for (const [installedAs, value] of Object.entries(level)) {
      const entry = record(value);
      for (const r of Object.keys(record(entry.requires))) required.add(r);
      const rawVersion = str(entry.version) ?? '';
      // v1 writes aliases as "npm:real@1.2.3"; links and git deps carry a URL instead of a version.
      const alias = rawVersion.startsWith('npm:') ? npmSpec(installedAs, rawVersion) : undefined;
      const version = alias?.version ?? rawVersion;
      if (semver.valid(version))
        out.push({
          ecosystem: 'npm',
          name: alias?.name ?? installedAs,
          version,
          direct: depth === 0 ? undefined : false,
          dev: entry.dev === true,
          file: file.path,
          line: lines.find(`"${installedAs}": {`),
        });
      walk(record(entry.dependencies), depth + 1);
    }
  };
  walk(deps, 0);
  // Without package.json, a top-level entry that nothing requires can only be there because the project asked for it.
  return out.map((d) => (d.direct === undefined ? { ...d, directGuess: !required.has(d.name) } : d));
}

/** Every installed package of a package-lock.json or npm-shrinkwrap.json (v1, v2 or v3). */
export function parsePackageLock(file: DependencyFile): RawDependency[] {
  const json = jsonObject(file.content);
  if (!json) return [];
  const lines = new LineIndex(file.content);
  const packages = record(json.packages);
  if (Object.keys(packages).length > 0) return lockV2(file, packages, lines);
  return lockV1(file, record(json.dependencies), lines);
}
