/**
 * Path resolution primitives of the path guard: a realpath that also resolves paths that do not exist yet
 * (through dangling and chained symlinks), and a containment test that compares whole path components.
 */
import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { AppError } from '../core/errors.js';

/** Same bound as Linux's MAXSYMLINKS: more hops than this is a loop or an attack. */
export const MAX_SYMLINK_HOPS = 40;

/** Longest path accepted as input (PATH_MAX on Linux). */
export const MAX_PATH_LENGTH = 4096;

/**
 * Reject inputs that no filesystem call should see: non-strings, empty strings, NUL bytes, absurd lengths.
 * NUL matters because C APIs truncate at it (`ok.txt\0../../etc/passwd`).
 */
export function assertPathInput(input: unknown): asserts input is string {
  if (typeof input !== 'string' || input.length === 0) throw new AppError('E_VALIDATION', 'A path must be a non-empty string.');
  if (input.includes('\0')) throw new AppError('E_VALIDATION', 'A path must not contain NUL bytes.');
  if (input.length > MAX_PATH_LENGTH) throw new AppError('E_VALIDATION', `A path must be at most ${MAX_PATH_LENGTH} characters.`);
}

/** Fold a path for comparison on a case-insensitive filesystem (and Unicode-normalising ones such as APFS). */
export function foldCase(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/**
 * True when absolute, normalised `candidate` is `root` or lies below it, comparing whole components:
 * `/data-evil` is not inside `/data`.
 */
export function isWithin(root: string, candidate: string, caseInsensitive = false): boolean {
  const r = caseInsensitive ? foldCase(root) : root;
  const c = caseInsensitive ? foldCase(candidate) : candidate;
  if (c === r) return true;
  const prefix = r.endsWith(sep) ? r : r + sep;
  return c.startsWith(prefix);
}

/**
 * The real path of `absPath`, resolving every symlink, including dangling ones and chains, and keeping the
 * non-existent tail of a path that is not there yet (`/root/new/dir/file` → realpath(`/root`) + `new/dir/file`).
 * Throws E_FORBIDDEN on symlink loops.
 */
export async function realpathAllowMissing(absPath: string): Promise<string> {
  const hops = { count: 0 };
  return resolveReal(resolve(absPath), hops);
}

async function resolveReal(path: string, hops: { count: number }): Promise<string> {
  try {
    return await realpath(path);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ELOOP') throw symlinkLoop(e);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fsError(e, path);
  }
  // Something on the way does not exist. Either `path` itself is a dangling symlink (follow it by hand,
  // since a later create would follow it too), or it is simply missing (resolve its parent).
  const link = await lstat(path).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    if (++hops.count > MAX_SYMLINK_HOPS) throw symlinkLoop();
    const target = await readlink(path);
    const next = isAbsolute(target) ? target : join(dirname(path), target);
    return resolveReal(resolve(next), hops);
  }
  const parent = dirname(path);
  if (parent === path) return path;
  return join(await resolveReal(parent, hops), basename(path));
}

function symlinkLoop(cause?: unknown): AppError {
  return new AppError('E_FORBIDDEN', 'The path runs into a symlink loop.', { cause });
}

/** The errno code of a Node fs error, if any. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Map an fs error to a client-safe AppError (no absolute paths outside the input in the message). */
export function fsError(e: unknown, shown: string): AppError {
  switch (errnoCode(e)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('E_NOT_FOUND', `No such file or directory: "${shown}".`, { cause: e });
    case 'EACCES':
    case 'EPERM':
      return new AppError('E_FORBIDDEN', `Permission denied: "${shown}".`, { cause: e });
    case 'ELOOP':
      return new AppError('E_FORBIDDEN', `"${shown}" is a symlink or runs into a symlink loop.`, { cause: e });
    case 'EISDIR':
      return new AppError('E_CONFLICT', `"${shown}" is a directory.`, { cause: e });
    case 'EEXIST':
      return new AppError('E_CONFLICT', `"${shown}" already exists.`, { cause: e });
    case 'ENAMETOOLONG':
      return new AppError('E_VALIDATION', 'The path is too long.', { cause: e });
    default:
      return new AppError('E_INTERNAL', 'Filesystem operation failed.', { cause: e });
  }
}
