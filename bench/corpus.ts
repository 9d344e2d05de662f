/**
 * Builds the crawler benchmark corpus: a copy of the installed npm packages (node_modules: tens of thousands
 * of files in JavaScript, TypeScript, JSON, Markdown, C/C++, Python, shell …) in a temp directory.
 * `npx tsx bench/corpus.ts [DIR]` builds it and prints its path.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Copy node_modules (without symlinks, e.g. .bin) into `dir` (default: a fresh temp dir); returns the corpus root. */
export function buildCorpus(dir?: string): { root: string; files: number; bytes: number } {
  const root = dir ?? mkdtempSync(join(tmpdir(), 'ce-corpus-'));
  const source = join(repo, 'node_modules');
  if (!existsSync(source)) throw new Error('node_modules is missing: run npm ci first');
  cpSync(source, join(root, 'packages'), { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith('/.bin') });
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        bytes += statSync(p).size;
      }
    }
  };
  walk(root);
  return { root, files, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const c = buildCorpus(process.argv[2]);
  console.log(`${c.root}: ${c.files} files, ${(c.bytes / 1_048_576).toFixed(0)} MiB`);
}
