/**
 * Keeps the dependency rules of ARCHITECTURE.md true: faces at the edge, domain code free of framework imports,
 * and only the composition root touching the process environment and global clocks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Source without comments (approximate, good enough for these checks). */
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

const files = sourceFiles(src).map((path) => ({
  path,
  rel: relative(src, path).split(sep).join('/'),
  text: stripComments(readFileSync(path, 'utf8')),
}));

/** Code without string and template literal contents (rule tables mention `Math.random(` or `shell: true` in text). */
const code = (text: string) => text.replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''");

/** Runtime imports (type-only imports are erased and allowed). */
function imports(text: string): string[] {
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? '');
}

const FRAMEWORKS = [/^fastify($|\/)/, /^@fastify\//, /^fastify-type-provider-zod$/, /^commander$/, /^@modelcontextprotocol\/sdk\/server\//];
const isAdapter = (rel: string) => rel.startsWith('adapters/');
const isMain = (rel: string) => rel.startsWith('main/');

describe('architecture', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports fastify, commander and the MCP server SDK only from src/adapters', () => {
    const offenders = files
      .filter((f) => !isAdapter(f.rel))
      .flatMap((f) =>
        imports(f.text)
          .filter((i) => FRAMEWORKS.some((re) => re.test(i)))
          .map((i) => `${f.rel} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('keeps domain code free of adapter and composition-root imports', () => {
    const offenders = files
      .filter((f) => !isAdapter(f.rel) && !isMain(f.rel))
      .flatMap((f) =>
        imports(f.text)
          .filter((i) => /\/(adapters|main)\//.test(i))
          .map((i) => `${f.rel} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('never lets adapters import the composition root', () => {
    const offenders = files
      .filter((f) => isAdapter(f.rel))
      .flatMap((f) =>
        imports(f.text)
          .filter((i) => /\/main\//.test(i))
          .map((i) => `${f.rel} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('reads process.env only in src/main', () => {
    expect(files.filter((f) => !isMain(f.rel) && /process\.env\b/.test(f.text)).map((f) => f.rel)).toEqual([]);
  });

  it('uses Date.now() and Math.random() only through Deps', () => {
    const offenders = files
      .filter((f) => f.rel !== 'core/deps.ts' && /\bDate\.now\(|\bMath\.random\(/.test(code(f.text)))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });

  it('never builds shell command strings', () => {
    // exec/execSync take a shell string; only execFile/spawn with argv arrays are allowed, and never shell: true.
    const shellImports = /import\s*\{[^}]*\b(exec|execSync)\b[^}]*\}\s*from\s*['"](node:)?child_process['"]/;
    const offenders = files
      .filter((f) => shellImports.test(f.text) || /\bshell:\s*true\b|\bchild_process\.exec(Sync)?\(/.test(code(f.text)))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});
