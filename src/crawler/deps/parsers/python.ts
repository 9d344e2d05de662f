/**
 * Python manifests and lockfiles: requirements*.txt, pyproject.toml (PEP 621 `[project]`, PEP 735
 * `[dependency-groups]`, Poetry `[tool.poetry.*]`), Pipfile, and poetry.lock / uv.lock / Pipfile.lock.
 */
import { parse as parseToml } from 'smol-toml';
import type { DependencyFile } from '../types.js';
import { parsePep440 } from '../versions/pep440.js';
import { jsonObject, type RawDependency, record, str } from './raw.js';
import { LineIndex } from './text-lines.js';

// PEP 508: a name, optional extras, then either a version specifier list or "@ url".
const REQUIREMENT =
  /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(\(?\s*(?:===|==|!=|~=|>=|<=|>|<)[^;@#]*\)?|@\s*\S+)?/;

/** Name, and version when pinned (`==1.2.3` or `===1.2.3`), of a PEP 508 requirement; undefined for URLs/paths. */
export function parseRequirement(text: string): { name: string; version?: string; spec?: string } | undefined {
  const m = REQUIREMENT.exec(text.trim());
  if (!m) return undefined;
  const name = m[1] as string;
  const spec = (m[2] ?? '').replace(/^\(|\)$/g, '').trim();
  if (spec.startsWith('@')) return undefined;
  const pin = /^={2,3}\s*([^\s,*]+)$/.exec(spec);
  if (pin && parsePep440(pin[1] as string)) return { name, version: pin[1] as string };
  return spec ? { name, spec } : { name };
}

/** requirements.txt (and requirements-*.txt, *.in): options, includes, URLs and editable installs are skipped. */
export function parseRequirementsTxt(file: DependencyFile): RawDependency[] {
  const out: RawDependency[] = [];
  const dev = /(?:^|[/_-])(?:dev|test|tests|lint|docs)[^/]*\.(?:txt|in)$/i.test(file.path);
  const lines = file.content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = (lines[i] as string).replace(/(^|\s)#.*$/, '');
    while (text.trimEnd().endsWith('\\') && i + 1 < lines.length) text = text.trimEnd().slice(0, -1) + (lines[++i] as string);
    text = text.replace(/\s--hash[= ]\S+/g, '').trim();
    if (!text || text.startsWith('-') || /^[a-z+]+:\/\//i.test(text) || text.startsWith('.') || text.startsWith('/')) continue;
    const req = parseRequirement(text.split(';')[0] as string);
    if (req) out.push({ ecosystem: 'PyPI', ...req, direct: true, dev, file: file.path, line: start + 1 });
  }
  return out;
}

function tomlOf(text: string): Record<string, unknown> | undefined {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Line of a requirement string or a `name =` key, searched from its section header. */
function lineOfName(lines: LineIndex, name: string, section: string): number | undefined {
  const from = Math.max(0, lines.offsetOf(section));
  const m = new RegExp(`^\\s*(?:["']${escapeRegex(name)}|${escapeRegex(name)}\\s*=|["']${escapeRegex(name)}["']\\s*=)`, 'mi').exec(
    lines.text.slice(from),
  );
  return m ? lines.lineAt(from + m.index + (m[0].length - m[0].trimStart().length)) : lines.find(name, from);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Poetry/Pipfile dependency value: "^1.2", "1.2.3" (exact in Poetry), "*", or a table with `version`. */
function poetryRequirement(name: string, value: unknown): { name: string; version?: string; spec?: string } | undefined {
  const table = record(value);
  if (table.path !== undefined || table.git !== undefined || table.url !== undefined || table.file !== undefined) return undefined;
  const spec = (str(value) ?? str(table.version) ?? '*').trim();
  if (spec === '*' || spec === '') return { name };
  if (parsePep440(spec)) return { name, version: spec };
  return parseRequirement(`${name}${/^[=<>!~]/.test(spec) ? '' : '=='}${spec}`) ?? { name, spec };
}

/** Dependencies declared in pyproject.toml. */
export function parsePyproject(file: DependencyFile): RawDependency[] {
  const doc = tomlOf(file.content);
  if (!doc) return [];
  const lines = new LineIndex(file.content);
  const out: RawDependency[] = [];
  const add = (req: ReturnType<typeof parseRequirement>, dev: boolean, section: string) => {
    if (req) out.push({ ecosystem: 'PyPI', ...req, direct: true, dev, file: file.path, line: lineOfName(lines, req.name, section) });
  };
  const project = record(doc.project);
  for (const r of Array.isArray(project.dependencies) ? project.dependencies : []) add(parseRequirement(String(r)), false, '[project]');
  for (const list of Object.values(record(project['optional-dependencies'])))
    for (const r of Array.isArray(list) ? list : []) add(parseRequirement(String(r)), false, 'optional-dependencies');
  for (const list of Object.values(record(doc['dependency-groups'])))
    for (const r of Array.isArray(list) ? list : []) if (typeof r === 'string') add(parseRequirement(r), true, '[dependency-groups]');
  const poetry = record(record(doc.tool).poetry);
  const poetrySections: Array<[Record<string, unknown>, boolean, string]> = [
    [record(poetry.dependencies), false, '[tool.poetry.dependencies]'],
    [record(poetry['dev-dependencies']), true, '[tool.poetry.dev-dependencies]'],
    ...Object.entries(record(poetry.group)).map(
      ([g, v]) =>
        [record(record(v).dependencies), g !== 'main', `[tool.poetry.group.${g}.dependencies]`] as [
          Record<string, unknown>,
          boolean,
          string,
        ],
    ),
  ];
  for (const [deps, dev, section] of poetrySections)
    for (const [name, value] of Object.entries(deps)) {
      if (name.toLowerCase() === 'python') continue;
      for (const v of Array.isArray(value) ? value.slice(0, 1) : [value]) add(poetryRequirement(name, v), dev, section);
    }
  return out;
}

/** Dependencies declared in a Pipfile ([packages] and [dev-packages]). */
export function parsePipfile(file: DependencyFile): RawDependency[] {
  const doc = tomlOf(file.content);
  if (!doc) return [];
  const lines = new LineIndex(file.content);
  const out: RawDependency[] = [];
  for (const [section, dev] of [
    ['packages', false],
    ['dev-packages', true],
  ] as const)
    for (const [name, value] of Object.entries(record(doc[section]))) {
      const req = poetryRequirement(name, value);
      if (req) out.push({ ecosystem: 'PyPI', ...req, direct: true, dev, file: file.path, line: lineOfName(lines, name, `[${section}]`) });
    }
  return out;
}

/** poetry.lock and uv.lock: `[[package]]` tables with name and version; local/editable packages are skipped. */
export function parsePythonTomlLock(file: DependencyFile): RawDependency[] {
  const doc = tomlOf(file.content);
  if (!doc) return [];
  const lines = new LineIndex(file.content);
  const out: RawDependency[] = [];
  for (const value of Array.isArray(doc.package) ? doc.package : []) {
    const p = record(value);
    const name = str(p.name);
    const version = str(p.version);
    const source = record(p.source);
    const local =
      ['editable', 'virtual', 'directory', 'path', 'git'].some((k) => source[k] !== undefined) ||
      ['directory', 'file', 'git'].includes(str(source.type) ?? '');
    if (!name || !version || local) continue;
    out.push({
      ecosystem: 'PyPI',
      name,
      version,
      direct: undefined,
      ...(str(p.category) ? { dev: p.category === 'dev' } : {}),
      file: file.path,
      line: lines.find(`name = "${name}"`),
    });
  }
  return out;
}

/** Pipfile.lock: `default` and `develop` sections of pinned packages. */
export function parsePipfileLock(file: DependencyFile): RawDependency[] {
  const json = jsonObject(file.content);
  if (!json) return [];
  const lines = new LineIndex(file.content);
  const out: RawDependency[] = [];
  for (const [section, dev] of [
    ['default', false],
    ['develop', true],
  ] as const) {
    const sectionAt = lines.offsetOf(`"${section}"`);
    for (const [name, value] of Object.entries(record(json[section]))) {
      const pin = /^===?\s*(\S+)$/.exec(str(record(value).version) ?? '');
      if (pin)
        out.push({
          ecosystem: 'PyPI',
          name,
          version: pin[1] as string,
          direct: undefined,
          dev,
          file: file.path,
          line: lines.find(`"${name}"`, Math.max(0, sectionAt)),
        });
    }
  }
  return out;
}
