/**
 * The npm lockfile (package-lock.json / npm-shrinkwrap.json, versions 1–3) as the supply-chain tools need it:
 * every installed package with its install path, resolved URL, integrity, licence, flags and declared
 * requirements, and Node's module resolution to turn requirements into edges.
 */
import semver from 'semver';
import { AppError } from '../../core/errors.js';
import { LineIndex } from '../../crawler/deps/parsers/text-lines.js';
import { licenseOf } from './license-policy.js';

/** One installed package. */
export interface LockPackage {
  /** Install path, e.g. "node_modules/a/node_modules/b" (v2+ key; built the same way for v1), or a workspace dir. */
  key: string;
  name: string;
  /** Semver version; undefined for links and git dependencies. */
  version?: string;
  resolved?: string;
  integrity?: string;
  /** SPDX expression or free text, when the lockfile records it (v2+). */
  license?: string;
  dev: boolean;
  optional: boolean;
  link: boolean;
  /** Shipped inside its parent's tarball (no own download). */
  bundled: boolean;
  hasInstallScript: boolean;
  /** Declared requirements: name → spec (dependencies, optional and peer dependencies). */
  requires: Record<string, string>;
  /** Names among `requires` that are peer dependencies (not reported when missing). */
  peers: ReadonlySet<string>;
  line?: number;
}

/** What the project itself requires. */
export interface RootRequirement {
  spec: string;
  dev: boolean;
  optional: boolean;
}

/** A parsed npm lockfile. */
export interface NpmLockfile {
  file: string;
  lockfileVersion: number;
  rootName?: string;
  rootVersion?: string;
  rootLicense?: string;
  rootRequires: Record<string, RootRequirement>;
  packages: LockPackage[];
  byKey: ReadonlyMap<string, LockPackage>;
}

/** A JSON object or undefined. */
export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const specs = (v: unknown) => Object.fromEntries(Object.entries(asRecord(v)).flatMap(([k, s]) => (typeof s === 'string' ? [[k, s]] : [])));

/** Requirements of a package.json-shaped object, by section. */
export function manifestRequires(manifest: Record<string, unknown>): Record<string, RootRequirement> {
  const out: Record<string, RootRequirement> = {};
  for (const [name, spec] of Object.entries(specs(manifest.devDependencies))) out[name] = { spec, dev: true, optional: false };
  for (const [name, spec] of Object.entries(specs(manifest.optionalDependencies))) out[name] = { spec, dev: false, optional: true };
  for (const [name, spec] of Object.entries(specs(manifest.dependencies))) out[name] = { spec, dev: false, optional: false };
  return out;
}

/** Parse JSON text into an object, or E_VALIDATION naming the file. */
export function parseJsonObject(file: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError('E_VALIDATION', `${file} is not valid JSON: ${(e as Error).message.slice(0, 200)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AppError('E_VALIDATION', `${file} is not a JSON object.`);
  return value as Record<string, unknown>;
}

function entryOf(key: string, name: string, e: Record<string, unknown>, lines: LineIndex, v1: boolean): LockPackage {
  const raw = str(e.version);
  // v1 writes aliases as "npm:real@1.2.3" and git dependencies as their URL in `version`.
  const alias = raw?.startsWith('npm:') ? raw.slice(4) : undefined;
  const at = alias ? alias.lastIndexOf('@') : -1;
  const version = alias && at > 0 ? alias.slice(at + 1) : raw;
  const resolved = str(e.resolved) ?? (v1 && raw && !semver.valid(version ?? '') && !alias ? raw : undefined);
  const integrity = str(e.integrity);
  const license = licenseOf(e);
  const requires = v1 ? specs(e.requires) : { ...specs(e.peerDependencies), ...specs(e.optionalDependencies), ...specs(e.dependencies) };
  const line = lines.find(v1 ? `"${name}": {` : `"${key}"`);
  return {
    key,
    name: str(e.name) ?? (alias && at > 0 ? alias.slice(0, at) : name),
    ...(version && semver.valid(version) ? { version } : {}),
    ...(resolved ? { resolved } : {}),
    ...(integrity ? { integrity } : {}),
    ...(license ? { license } : {}),
    dev: e.dev === true || e.devOptional === true,
    optional: e.optional === true || e.devOptional === true,
    link: e.link === true,
    bundled: e.inBundle === true || e.bundled === true,
    hasInstallScript: e.hasInstallScript === true,
    requires,
    peers: new Set(v1 ? [] : Object.keys(specs(e.peerDependencies))),
    ...(line !== undefined ? { line } : {}),
  };
}

/**
 * Parse a package-lock.json / npm-shrinkwrap.json. `manifest` (the package.json beside it) supplies the root's
 * requirements for v1 lockfiles, which do not record them. E_VALIDATION for text that is not a JSON object.
 * @example const lock = parseNpmLockfile('package-lock.json', text, packageJson)
 */
export function parseNpmLockfile(file: string, text: string, manifest?: Record<string, unknown>): NpmLockfile {
  const json = parseJsonObject(file, text);
  const lines = new LineIndex(text);
  const lockfileVersion = typeof json.lockfileVersion === 'number' ? json.lockfileVersion : 1;
  const packages: LockPackage[] = [];
  const flat = asRecord(json.packages);
  let root: Record<string, unknown> = manifest ?? {};
  if (Object.keys(flat).length > 0) {
    root = asRecord(flat['']);
    for (const [key, value] of Object.entries(flat)) {
      if (key === '') continue;
      const at = key.lastIndexOf('node_modules/');
      packages.push(entryOf(key, at === -1 ? key : key.slice(at + 'node_modules/'.length), asRecord(value), lines, false));
    }
  } else {
    const walk = (level: Record<string, unknown>, parent: string) => {
      for (const [name, value] of Object.entries(level)) {
        const key = parent ? `${parent}/node_modules/${name}` : `node_modules/${name}`;
        packages.push(entryOf(key, name, asRecord(value), lines, true));
        walk(asRecord(asRecord(value).dependencies), key);
      }
    };
    walk(asRecord(json.dependencies), '');
  }
  let rootRequires = manifestRequires(root);
  if (Object.keys(rootRequires).length === 0 && !manifest && lockfileVersion === 1) {
    // A v1 lockfile alone: top-level packages nothing else requires are the project's own.
    const required = new Set(packages.flatMap((p) => Object.keys(p.requires)));
    rootRequires = Object.fromEntries(
      packages.flatMap((p) => {
        const as = topLevelName(p.key);
        return as && !required.has(as) ? [[as, { spec: p.version ?? '*', dev: p.dev, optional: p.optional }]] : [];
      }),
    );
  }
  const rootLicense = licenseOf(root) ?? (manifest ? licenseOf(manifest) : undefined);
  return {
    file,
    lockfileVersion,
    ...((str(root.name) ?? str(json.name)) ? { rootName: str(root.name) ?? str(json.name) } : {}),
    ...((str(root.version) ?? str(json.version)) ? { rootVersion: str(root.version) ?? str(json.version) } : {}),
    ...(rootLicense ? { rootLicense } : {}),
    rootRequires,
    packages,
    byKey: new Map(packages.map((p) => [p.key, p])),
  };
}

/** The name a package is installed as when it sits at the top of node_modules ("node_modules/x"), else undefined. */
export function topLevelName(key: string): string | undefined {
  if (!key.startsWith('node_modules/')) return undefined;
  const name = key.slice('node_modules/'.length);
  return name.includes('/node_modules/') ? undefined : name;
}

/**
 * The package `name` resolves to from install path `fromKey` ('' for the project), as Node does: the nearest
 * node_modules up the path; links are followed to their target.
 */
export function resolvePackage(lock: NpmLockfile, fromKey: string, name: string): LockPackage | undefined {
  let base = fromKey;
  for (;;) {
    const found = lock.byKey.get(base ? `${base}/node_modules/${name}` : `node_modules/${name}`);
    if (found) return found.link && found.resolved ? (lock.byKey.get(found.resolved) ?? found) : found;
    if (!base) return undefined;
    const at = base.lastIndexOf('/node_modules/');
    base = at === -1 ? '' : base.slice(0, at);
  }
}
