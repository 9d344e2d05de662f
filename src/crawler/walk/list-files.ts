/**
 * Lists the candidate files of a tree, relative to its root with "/" separators: `git ls-files` inside a
 * git work tree (so .gitignore, .git/info/exclude and the global excludes file apply), otherwise a directory
 * walk honouring .gitignore and .ignore files. `.ignore` files and configured excludes apply in both modes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Git } from '../git/run-git.js';

/** Something skipped while listing or reading, shown in the report's warnings. */
export interface ScanWarning {
  path: string;
  reason:
    | 'unreadable'
    | 'too-large'
    | 'binary'
    | 'symlink-outside-root'
    | 'symlink-dir'
    | 'not-regular'
    | 'missing'
    | 'invalid-utf8'
    | 'parse-failed'
    | 'git';
  detail?: string;
}

/** Options of a listing. */
export interface ListOptions {
  /** gitignore-style patterns excluded in addition to the tree's own ignore files. */
  excludes: readonly string[];
  /** Use `git ls-files` through this runner (the root is inside a git work tree); undefined = walk the directory. */
  git: Git | undefined;
  signal?: AbortSignal;
  onWarning(warning: ScanWarning): void;
}

const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn']);

/** Every candidate file under `root`, in a stable (sorted) order. */
export async function listFiles(root: string, options: ListOptions): Promise<string[]> {
  const extra = ignore().add([...options.excludes]);
  const files = options.git ? await listWithGit(options.git, options.signal) : await walkDirectory(root, options);
  const ignoreFiles = files.filter((f) => f === '.ignore' || f.endsWith('/.ignore'));
  const perDir = new Map<string, Ignore>();
  for (const f of ignoreFiles) {
    const dir = f.slice(0, Math.max(0, f.length - '.ignore'.length - 1));
    try {
      perDir.set(dir, ignore().add(await readFile(join(root, f), 'utf8')));
    } catch {
      options.onWarning({ path: f, reason: 'unreadable' });
    }
  }
  return files.filter((f) => !extra.ignores(f) && !(options.git && ignoredByDotIgnore(f, perDir))).sort();
}

function ignoredByDotIgnore(file: string, perDir: Map<string, Ignore>): boolean {
  if (perDir.size === 0) return false;
  for (const [dir, matcher] of perDir) {
    if (dir === '' ? true : file.startsWith(`${dir}/`)) {
      if (matcher.ignores(dir === '' ? file : file.slice(dir.length + 1))) return true;
    }
  }
  return false;
}

async function listWithGit(git: Git, signal: AbortSignal | undefined): Promise<string[]> {
  const out = await git.run(['ls-files', '-co', '--exclude-standard', '-z'], signal ? { signal } : {});
  const seen = new Set<string>();
  for (const p of out.split('\0')) if (p) seen.add(p);
  return [...seen];
}

/** Directory walk for trees outside git: per-directory .gitignore and .ignore, symlinked directories not followed. */
async function walkDirectory(root: string, options: ListOptions): Promise<string[]> {
  const out: string[] = [];
  const stack: Array<{ dir: string; matchers: Array<{ base: string; ig: Ignore }> }> = [{ dir: '', matchers: [] }];
  while (stack.length > 0) {
    if (options.signal?.aborted) break;
    const { dir, matchers: inherited } = stack.pop()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(join(root, dir), { withFileTypes: true });
    } catch (e) {
      options.onWarning({ path: dir || '.', reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code ?? String(e) });
      continue;
    }
    const matchers = [...inherited];
    for (const name of ['.gitignore', '.ignore']) {
      if (!entries.some((e) => e.name === name && e.isFile())) continue;
      try {
        matchers.push({ base: dir, ig: ignore().add(await readFile(join(root, dir, name), 'utf8')) });
      } catch {
        options.onWarning({ path: dir ? `${dir}/${name}` : name, reason: 'unreadable' });
      }
    }
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || isIgnored(`${rel}/`, matchers)) continue;
        stack.push({ dir: rel, matchers });
      } else if (!isIgnored(rel, matchers)) {
        out.push(rel);
      }
    }
  }
  return out;
}

function isIgnored(rel: string, matchers: ReadonlyArray<{ base: string; ig: Ignore }>): boolean {
  let ignored = false;
  for (const { base, ig } of matchers) {
    const local = base ? rel.slice(base.length + 1) : rel;
    const r = ig.test(local);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}
