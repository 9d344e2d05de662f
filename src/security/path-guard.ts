/**
 * The path guard: file operations accept only paths inside configured roots. Inputs are resolved with realpath
 * (nearest existing parent for new paths, dangling and chained symlinks followed by hand) and compared by whole
 * components; reads and writes re-check the opened descriptor so a swap after the check cannot escape.
 */

import type { Dirent, Stats } from 'node:fs';
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Ids } from '../core/deps.js';
import { systemIds } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { guardedOpenForRead, guardedReadDir, guardedReadFile, guardedStat, guardedWriteFile } from './guarded-fs.js';
import { assertPathInput, isWithin, realpathAllowMissing } from './path-resolve.js';

export interface PathGuardOptions {
  /** Directories that file operations may touch (and everything below them). At least one. */
  roots: readonly string[];
  /**
   * Compare paths case-insensitively (macOS/Windows default filesystems). `auto` probes each root once:
   * if the root with its letters' case swapped is the same directory, the filesystem folds case.
   */
  caseInsensitive?: boolean | 'auto';
  /** Create missing roots (mode 0700) instead of failing. src/main uses it for the data dir. */
  createRoots?: boolean;
  /** Randomness for temp file names. Default: the system source. */
  ids?: Ids;
  /**
   * Paths inside the roots that count as outside, with everything below them: the server's own config, data dir
   * and policy files for tools that users or models drive. They need not exist. Refused with reason `protected`.
   */
  exclude?: readonly string[];
}

export interface ResolveOptions {
  /** Directory that relative inputs are resolved against; must itself be inside a root. Default: the first root. */
  base?: string;
  /**
   * Keep a symlink in the last component instead of following it: the parent is resolved, the name is kept. For
   * operations on the entry itself (lstat, rename, unlink): moving a link must move the link, not its target.
   */
  noFollow?: boolean;
}

export interface ReadOptions extends ResolveOptions {
  /** Refuse files larger than this (E_PAYLOAD_TOO_LARGE). Default 64 MiB. */
  maxBytes?: number;
}

export interface WriteOptions extends ResolveOptions {
  /** File mode of a newly written file. Default 0o600. */
  mode?: number;
  /** Create missing parent directories (inside the root). Default false. */
  mkdirs?: boolean;
}

/** Checks and performs file operations confined to the configured roots. */
export interface PathGuard {
  /** The roots, as real absolute paths. */
  readonly roots: readonly string[];
  readonly caseInsensitive: boolean;
  /**
   * Resolve `input` to a real absolute path inside a root, or throw E_VALIDATION (NUL, empty) / E_FORBIDDEN (outside,
   * symlink escape, loop). The path need not exist.
   * @example const real = await guard.resolve('reports/today.json')
   */
  resolve(input: string, options?: ResolveOptions): Promise<string>;
  /** True when an already-real absolute path is inside a root (component-wise). No filesystem access. */
  contains(realPath: string): boolean;
  /** Read a regular file inside the roots. The opened descriptor is re-checked, so a swapped symlink cannot escape. */
  readFile(input: string, options?: ReadOptions): Promise<Buffer>;
  /** Write atomically (temp file + fsync + rename) inside the roots. Returns the real path written. */
  writeFile(input: string, data: string | Uint8Array, options?: WriteOptions): Promise<string>;
  /** Stat a path inside the roots (after resolution, so symlinks inside the roots are followed). */
  stat(input: string, options?: ResolveOptions): Promise<Stats>;
  /** Open a regular file for reading; the caller closes the handle. */
  openForRead(input: string, options?: ResolveOptions): Promise<FileHandle>;
  /**
   * List a directory inside the roots. The directory is opened first and listed through its descriptor (Linux), so a
   * directory swapped for a symlink after the check cannot list outside. Entries are not filtered.
   */
  readDir(input: string, options?: ResolveOptions): Promise<Dirent[]>;
  /** Real paths this guard refuses although they are inside a root (`exclude`). */
  readonly excluded: readonly string[];
  /** True when a real absolute path is an excluded path or below one. No filesystem access. */
  isExcluded(realPath: string): boolean;
  /**
   * A guard over the same roots that also refuses `paths` and everything below them (see `exclude`).
   * @example const desktopGuard = pathGuard.excluding([configFile, dataDir])
   */
  excluding(paths: readonly string[]): PathGuard;
}

/**
 * Build a path guard over `roots`. Roots are resolved to real paths once, here; a missing root is a
 * configuration error unless `createRoots` is set.
 * @example
 * const guard = createPathGuard({ roots: ['/srv/workspace'] });
 * const text = (await guard.readFile('notes/todo.md')).toString('utf8');
 */
export function createPathGuard(options: PathGuardOptions): PathGuard {
  if (options.roots.length === 0) throw new AppError('E_CONFIG', 'The path guard needs at least one root directory.');
  const configured = options.roots.map((r) => resolve(r));
  const roots = configured.map((root) => realRoot(root, options.createRoots === true));
  const caseInsensitive =
    options.caseInsensitive === 'auto' || options.caseInsensitive === undefined
      ? roots.some((root) => foldsCase(root))
      : options.caseInsensitive;
  // Lexical aliases: a root may be reached through a symlinked prefix (/tmp → /private/tmp on macOS).
  const lexicalRoots = [...new Set([...configured, ...roots])];
  const ids = options.ids ?? systemIds;
  // Both the configured and the real spelling of each excluded path: a later-created file must stay excluded too.
  const excluded = [...new Set((options.exclude ?? []).flatMap((p) => [resolve(p), realpathMissingSync(resolve(p))]))];
  const isExcluded = (path: string): boolean => excluded.some((x) => isWithin(x, path, caseInsensitive));

  const contains = (realPath: string): boolean => roots.some((root) => isWithin(root, realPath, caseInsensitive)) && !isExcluded(realPath);

  const guard: PathGuard = {
    roots,
    caseInsensitive,
    contains,
    excluded,
    isExcluded,
    async resolve(input, resolveOptions = {}) {
      assertPathInput(input);
      let base = roots[0]!;
      if (resolveOptions.base !== undefined && !isAbsolute(input)) base = await guard.resolve(resolveOptions.base);
      const absolute = resolve(base, input);
      // Lexical check first: never probe the filesystem outside the roots (existence oracles, slow mounts).
      if (!lexicalRoots.some((root) => isWithin(root, absolute, caseInsensitive))) throw outside(input);
      if (isExcluded(absolute)) throw protectedPath(input);
      const parent = dirname(absolute);
      const real =
        resolveOptions.noFollow && parent !== absolute
          ? join(await realpathAllowMissing(parent), basename(absolute))
          : await realpathAllowMissing(absolute);
      if (isExcluded(real)) throw protectedPath(input);
      if (!contains(real)) throw outside(input, true);
      return real;
    },
    readFile: (input, o = {}) => guardedReadFile(guard, input, o),
    writeFile: (input, data, o = {}) => guardedWriteFile(guard, input, data, o, ids),
    stat: (input, o = {}) => guardedStat(guard, input, o),
    openForRead: (input, o = {}) => guardedOpenForRead(guard, input, o),
    readDir: (input, o = {}) => guardedReadDir(guard, input, o),
    excluding: (paths) =>
      createPathGuard({ ...options, caseInsensitive, createRoots: false, exclude: [...(options.exclude ?? []), ...paths] }),
  };
  return Object.freeze(guard);
}

function protectedPath(input: string): AppError {
  const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
  return new AppError('E_FORBIDDEN', `Path "${shown}" is protected (the server's own configuration or data) and cannot be used here.`, {
    details: { reason: 'protected' },
  });
}

/** realpathSync of the nearest existing ancestor plus the missing tail (excluded paths need not exist yet). */
function realpathMissingSync(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realpathMissingSync(parent), basename(path));
  }
}

function outside(input: string, viaSymlink = false): AppError {
  const shown = input.length > 200 ? `${input.slice(0, 200)}…` : input;
  const how = viaSymlink ? ' through a symlink' : '';
  return new AppError('E_FORBIDDEN', `Path "${shown}" resolves${how} outside the allowed file roots.`, {
    details: { reason: viaSymlink ? 'symlink-escape' : 'outside-roots' },
  });
}

function realRoot(root: string, create: boolean): string {
  if (create) mkdirSync(root, { recursive: true, mode: 0o700 });
  try {
    const real = realpathSync.native(root);
    if (!statSync(real).isDirectory()) throw new AppError('E_CONFIG', `File root "${root}" is not a directory.`);
    return real;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('E_CONFIG', `File root "${root}" does not exist. Create it or remove it from security.files.roots.`, {
      cause: e,
    });
  }
}

/** Does the filesystem holding `dir` fold case? Probe: the same directory under a case-swapped name. */
function foldsCase(dir: string): boolean {
  const swapped = dir.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  if (swapped === dir) return false;
  try {
    const a = statSync(dir);
    const b = statSync(swapped);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}
