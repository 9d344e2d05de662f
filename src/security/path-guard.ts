/**
 * The path guard: file operations accept only paths inside configured roots. Inputs are resolved with realpath
 * (nearest existing parent for new paths, dangling and chained symlinks followed by hand) and compared by whole
 * components; reads and writes re-check the opened descriptor so a swap after the check cannot escape.
 */

import type { Stats } from 'node:fs';
import { mkdirSync, realpathSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Ids } from '../core/deps.js';
import { systemIds } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { guardedOpenForRead, guardedReadFile, guardedStat, guardedWriteFile } from './guarded-fs.js';
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
}

export interface ResolveOptions {
  /** Directory that relative inputs are resolved against; must itself be inside a root. Default: the first root. */
  base?: string;
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

  const contains = (realPath: string): boolean => roots.some((root) => isWithin(root, realPath, caseInsensitive));

  const guard: PathGuard = {
    roots,
    caseInsensitive,
    contains,
    async resolve(input, resolveOptions = {}) {
      assertPathInput(input);
      let base = roots[0]!;
      if (resolveOptions.base !== undefined && !isAbsolute(input)) base = await guard.resolve(resolveOptions.base);
      const absolute = resolve(base, input);
      // Lexical check first: never probe the filesystem outside the roots (existence oracles, slow mounts).
      if (!lexicalRoots.some((root) => isWithin(root, absolute, caseInsensitive))) throw outside(input);
      const real = await realpathAllowMissing(absolute);
      if (!contains(real)) throw outside(input, true);
      return real;
    },
    readFile: (input, o = {}) => guardedReadFile(guard, input, o),
    writeFile: (input, data, o = {}) => guardedWriteFile(guard, input, data, o, ids),
    stat: (input, o = {}) => guardedStat(guard, input, o),
    openForRead: (input, o = {}) => guardedOpenForRead(guard, input, o),
  };
  return Object.freeze(guard);
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
