/**
 * yarn.lock, both formats: classic (v1, its own indented syntax) and berry (v2+, YAML with `__metadata`).
 * Neither records which packages the project names itself; package.json beside it decides.
 */
import semver from 'semver';
import { parse as parseYaml } from 'yaml';
import type { DependencyFile } from '../types.js';
import { type RawDependency, record, str } from './raw.js';

/** The package name of a descriptor such as "@babel/core@^7.0.0", "lodash@npm:^4.17.0" or "alias@npm:real@^1". */
function descriptorName(descriptor: string): string | undefined {
  const d = descriptor.trim().replace(/^"|"$/g, '');
  const npmAlias = /^(?:@[^@/]+\/)?[^@]+@npm:((?:@[^@/]+\/)?[^@]+)@/.exec(d);
  if (npmAlias) return npmAlias[1];
  const at = d.indexOf('@', 1);
  return at > 0 ? d.slice(0, at) : undefined;
}

function parseClassic(file: DependencyFile): RawDependency[] {
  const out: RawDependency[] = [];
  const lines = file.content.split('\n');
  let current: { name: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line) && line.trimEnd().endsWith(':')) {
      const first = line.slice(0, line.trimEnd().length - 1).split(',')[0] ?? '';
      const name = descriptorName(first);
      current = name ? { name, line: i + 1 } : undefined;
      continue;
    }
    const version = /^ {2}version:? "?([^"\s]+)"?\s*$/.exec(line);
    if (current && version && semver.valid(version[1] as string)) {
      out.push({
        ecosystem: 'npm',
        name: current.name,
        version: version[1] as string,
        direct: undefined,
        file: file.path,
        line: current.line,
      });
      current = undefined;
    }
  }
  return out;
}

function parseBerry(file: DependencyFile, doc: Record<string, unknown>): RawDependency[] {
  const out: RawDependency[] = [];
  const lineOfDescriptor = new Map<string, number>();
  file.content.split('\n').forEach((l, i) => {
    if (l.startsWith(' ') || !l.trimEnd().endsWith(':')) return;
    for (const d of l.trimEnd().slice(0, -1).replace(/^"|"$/g, '').split(',')) lineOfDescriptor.set(d.trim(), i + 1);
  });
  for (const [key, value] of Object.entries(doc)) {
    if (key === '__metadata') continue;
    const entry = record(value);
    const version = str(entry.version);
    const resolution = str(entry.resolution) ?? key;
    // Workspaces, links and patches of local code are not registry packages.
    if (!version || !semver.valid(version) || /@(?:workspace|link|portal|file):/.test(resolution)) continue;
    const name = descriptorName(resolution) ?? descriptorName(key.split(',')[0] as string);
    if (!name) continue;
    const line = lineOfDescriptor.get(key.split(',')[0]?.trim() ?? key);
    out.push({ ecosystem: 'npm', name, version, direct: undefined, file: file.path, ...(line ? { line } : {}) });
  }
  return out;
}

/** Every resolved package of a yarn.lock (classic or berry). */
export function parseYarnLock(file: DependencyFile): RawDependency[] {
  if (/^__metadata:/m.test(file.content)) {
    try {
      return parseBerry(file, record(parseYaml(file.content)));
    } catch {
      return [];
    }
  }
  return parseClassic(file);
}
