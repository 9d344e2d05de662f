/**
 * Go modules: go.mod (require blocks, `// indirect` markers, replace directives) and go.sum (used only when
 * there is no go.mod beside it, since go.mod ≥ 1.17 lists every module of the build).
 */
import type { DependencyFile } from '../types.js';
import { canonicalGoVersion, compareGo } from '../versions/go.js';
import type { RawDependency } from './raw.js';

interface Replacement {
  version: string | undefined;
  to: string;
  toVersion: string | undefined;
}

/** Split a directive line into fields, honouring Go's quoted module paths. */
function fields(line: string): string[] {
  return (line.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? []).map((f) => f.replace(/^["`]|["`]$/g, ''));
}

/** Modules required by a go.mod, after its replace directives (local-path replacements have no version). */
export function parseGoMod(file: DependencyFile): RawDependency[] {
  const requires: Array<{ path: string; version: string; indirect: boolean; line: number }> = [];
  const replaces = new Map<string, Replacement[]>();
  let block: string | undefined;
  file.content.split('\n').forEach((raw, i) => {
    const comment = raw.indexOf('//');
    const indirect = comment !== -1 && /\/\/\s*indirect\b/.test(raw.slice(comment));
    const line = (comment === -1 ? raw : raw.slice(0, comment)).trim();
    if (!line) return;
    if (block) {
      if (line === ')') block = undefined;
      else directive(block, fields(line), indirect, i + 1);
      return;
    }
    const [verb, ...rest] = fields(line);
    if (rest[0] === '(') block = verb;
    else if (verb) directive(verb, rest, indirect, i + 1);
  });

  function directive(verb: string, args: string[], indirect: boolean, line: number): void {
    if (verb === 'require' && args.length >= 2) requires.push({ path: args[0] as string, version: args[1] as string, indirect, line });
    if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1) return;
      const list = replaces.get(args[0] as string) ?? [];
      list.push({ version: arrow === 2 ? args[1] : undefined, to: args[arrow + 1] as string, toVersion: args[arrow + 2] });
      replaces.set(args[0] as string, list);
    }
  }

  const out: RawDependency[] = [];
  for (const r of requires) {
    const replacement = replaces.get(r.path)?.find((x) => x.version === undefined || x.version === r.version);
    const path = replacement ? replacement.to : r.path;
    const version = replacement ? replacement.toVersion : r.version;
    // A replacement by a local directory (./x, ../x, /x) is the project's own code.
    if (/^(?:\.{1,2}\/|\/)/.test(path) || !version || !canonicalGoVersion(version)) continue;
    out.push({ ecosystem: 'Go', name: path, version, direct: !r.indirect, file: file.path, line: r.line });
  }
  return out;
}

/** Modules with a content hash in go.sum; the highest version of each (minimal version selection picks it). */
export function parseGoSum(file: DependencyFile): RawDependency[] {
  const best = new Map<string, { version: string; line: number }>();
  file.content.split('\n').forEach((raw, i) => {
    const [path, version] = raw.trim().split(/\s+/);
    if (!path || !version || version.endsWith('/go.mod') || !canonicalGoVersion(version)) return;
    const seen = best.get(path);
    if (!seen || compareGo(version, seen.version) > 0) best.set(path, { version, line: i + 1 });
  });
  return [...best].map(([name, { version, line }]) => ({
    ecosystem: 'Go' as const,
    name,
    version,
    direct: undefined,
    directGuess: false,
    file: file.path,
    line,
  }));
}
