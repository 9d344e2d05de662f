/**
 * pnpm-lock.yaml in lockfile versions 5 ("/name/1.0.0_peer"), 6 ("/name@1.0.0(peer)") and 9
 * ("name@1.0.0", importers + packages + snapshots). Direct dependencies are the importers' entries.
 */
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import type { DependencyFile } from '../types.js';
import { type RawDependency, record, str } from './raw.js';
import { LineIndex } from './text-lines.js';

const SECTIONS = [
  ['dependencies', false],
  ['optionalDependencies', false],
  ['devDependencies', true],
] as const;

/** Name and version of a `packages` key, or undefined for links, tarballs and git sources. */
export function pnpmPackageKey(key: string, major: number): { name: string; version: string } | undefined {
  const bare = key.replace(/^\//, '').replace(/\(.*$/, '');
  let name: string;
  let version: string;
  if (major < 6) {
    const slash = bare.lastIndexOf('/');
    if (slash <= 0) return undefined;
    name = bare.slice(0, slash);
    version = (bare.slice(slash + 1).split('_')[0] as string).trim();
  } else {
    const at = bare.lastIndexOf('@');
    if (at <= 0) return undefined;
    name = bare.slice(0, at);
    version = bare.slice(at + 1);
  }
  return semver.valid(version) ? { name, version } : undefined;
}

/** The resolved version of an importer entry: "1.0.0", "1.0.0(peer@2)", v5 "1.0.0_peer@2", or an alias "other@1.0.0". */
function importerVersion(name: string, raw: unknown): { name: string; version: string } | undefined {
  const text = str(raw) ?? str(record(raw).version);
  if (!text || text.startsWith('link:') || text.startsWith('file:')) return undefined;
  const bare = text.replace(/\(.*$/, '').split('_')[0] as string;
  const at = bare.lastIndexOf('@');
  if (at > 0) return pnpmPackageKey(bare, 9);
  const aliased = bare.startsWith('/') ? (pnpmPackageKey(bare, 6) ?? pnpmPackageKey(bare, 5)) : undefined;
  if (aliased) return aliased;
  return semver.valid(bare) ? { name, version: bare } : undefined;
}

/** Every package of a pnpm lockfile, with directness from its importers. */
export function parsePnpmLock(file: DependencyFile): RawDependency[] {
  let doc: Record<string, unknown>;
  try {
    doc = record(parseYaml(file.content));
  } catch {
    return [];
  }
  const major = Number.parseFloat(String(doc.lockfileVersion ?? '9')) || 9;
  const importers = Object.keys(record(doc.importers)).length > 0 ? Object.values(record(doc.importers)).map(record) : [doc];
  const direct = new Map<string, boolean>();
  for (const importer of importers)
    for (const [section, dev] of SECTIONS)
      for (const [name, raw] of Object.entries(record(importer[section]))) {
        const v = importerVersion(name, raw);
        if (!v) continue;
        const key = `${v.name}@${v.version}`;
        direct.set(key, (direct.get(key) ?? true) && dev);
      }
  const lines = new LineIndex(file.content);
  const seen = new Set<string>();
  const out: RawDependency[] = [];
  for (const [key, value] of Object.entries(record(doc.packages))) {
    const parsed = pnpmPackageKey(key, major);
    if (!parsed) continue;
    const id = `${parsed.name}@${parsed.version}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const entry = record(value);
    const directDev = direct.get(id);
    out.push({
      ecosystem: 'npm',
      ...parsed,
      direct: directDev !== undefined,
      dev: entry.dev === true || directDev === true,
      file: file.path,
      line: lines.find(key),
    });
  }
  return out;
}
