/**
 * Rust crates: Cargo.toml (dependencies, dev-, build-, target-specific and workspace dependencies; renamed
 * packages) and Cargo.lock (every resolved crate; direct = named by a local package of the lockfile).
 */

import semver from 'semver';
import { parse as parseToml } from 'smol-toml';
import type { DependencyFile } from '../types.js';
import { type RawDependency, record, str } from './raw.js';
import { LineIndex } from './text-lines.js';

function toml(text: string): Record<string, unknown> | undefined {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Direct dependencies declared in a Cargo.toml. A bare "1.2" is a caret range; only "=1.2.3" pins. */
export function parseCargoToml(file: DependencyFile): RawDependency[] {
  const doc = toml(file.content);
  if (!doc) return [];
  const lines = new LineIndex(file.content);
  const tables: Array<[Record<string, unknown>, boolean]> = [
    [record(doc.dependencies), false],
    [record(doc['build-dependencies']), false],
    [record(doc['dev-dependencies']), true],
    [record(record(doc.workspace).dependencies), false],
  ];
  for (const target of Object.values(record(doc.target))) {
    const t = record(target);
    tables.push([record(t.dependencies), false], [record(t['build-dependencies']), false], [record(t['dev-dependencies']), true]);
  }
  const out: RawDependency[] = [];
  for (const [deps, dev] of tables)
    for (const [key, value] of Object.entries(deps)) {
      const t = record(value);
      if (t.path !== undefined || t.git !== undefined || t.workspace === true) continue;
      const spec = (str(value) ?? str(t.version) ?? '*').trim();
      const name = str(t.package) ?? key;
      const pin = /^=\s*(\S+)$/.exec(spec);
      const version = pin && semver.valid(pin[1] as string) ? (pin[1] as string) : undefined;
      const at = new RegExp(`^\\s*"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*=`, 'm').exec(file.content);
      out.push({
        ecosystem: 'crates.io',
        name,
        ...(version ? { version } : { spec }),
        direct: true,
        dev,
        file: file.path,
        ...(at ? { line: lines.lineAt(at.index) } : {}),
      });
    }
  return out;
}

/** Registry crates of a Cargo.lock (local and git crates are skipped). */
export function parseCargoLock(file: DependencyFile): RawDependency[] {
  const doc = toml(file.content);
  if (!doc) return [];
  const packages = (Array.isArray(doc.package) ? doc.package : []).map(record);
  const direct = new Set<string>();
  for (const p of packages)
    if (p.source === undefined)
      for (const d of Array.isArray(p.dependencies) ? p.dependencies : []) direct.add(`${String(d).split(' ')[0]}`);
  const lines = new LineIndex(file.content);
  const out: RawDependency[] = [];
  for (const p of packages) {
    const name = str(p.name);
    const version = str(p.version);
    if (!name || !version || !str(p.source)?.startsWith('registry+')) continue;
    out.push({
      ecosystem: 'crates.io',
      name,
      version,
      direct: direct.has(name),
      file: file.path,
      line: lines.find(`name = "${name}"\nversion = "${version}"`) ?? lines.find(`name = "${name}"`),
    });
  }
  return out;
}
