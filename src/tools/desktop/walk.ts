/**
 * A depth-first walk below a directory through the path guard: every directory is listed with `readDir` (opened,
 * checked, listed through its descriptor), protected entries are skipped, and symlinks are reported but never
 * followed, so a walk cannot leave the roots or loop.
 */
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import { AppError, toAppError } from '../../core/errors.js';
import type { PathGuard } from '../../security/path-guard.js';
import type { EntryType } from './schemas.js';

/** One entry found by `walk`. */
export interface WalkEntry {
  /** Path relative to the start directory, `/`-separated. */
  path: string;
  /** Absolute path (the start directory's real path joined with `path`). */
  real: string;
  name: string;
  type: EntryType;
  /** 1 for entries directly in the start directory. */
  depth: number;
}

export interface WalkOptions {
  /** Deepest level listed (1 = only the start directory's entries). */
  maxDepth: number;
  /** Leave this entry out (and do not descend into it). */
  skip?(entry: WalkEntry): boolean;
  /** Called for a directory that could not be listed (vanished, swapped, permission); the walk goes on. */
  onError?(path: string, error: AppError): void;
  signal?: AbortSignal;
}

/** The type of a directory entry, without following symlinks. */
export function entryTypeOf(d: Pick<Dirent, 'isFile' | 'isDirectory' | 'isSymbolicLink'>): EntryType {
  if (d.isSymbolicLink()) return 'symlink';
  if (d.isDirectory()) return 'directory';
  if (d.isFile()) return 'file';
  return 'other';
}

/**
 * Walk below `startReal` (a real directory path inside the roots) in pre-order, each directory's entries by name.
 * @example for await (const e of walk(guard, root, { maxDepth: 3 })) console.log(e.path)
 */
export async function* walk(guard: PathGuard, startReal: string, options: WalkOptions): AsyncGenerator<WalkEntry> {
  yield* visit(guard, { real: startReal, rel: '', depth: 0 }, options);
}

/** Pre-order: an entry, then (for a directory) everything below it; recursion depth is bounded by maxDepth. */
async function* visit(
  guard: PathGuard,
  dir: { real: string; rel: string; depth: number },
  options: WalkOptions,
): AsyncGenerator<WalkEntry> {
  if (options.signal?.aborted) throw new AppError('E_CANCELLED', 'The walk was cancelled.');
  let listing: Dirent[];
  try {
    listing = await guard.readDir(dir.real);
  } catch (e) {
    options.onError?.(dir.rel || '.', toAppError(e));
    return;
  }
  listing.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const d of listing) {
    const real = join(dir.real, d.name);
    if (guard.isExcluded(real)) continue;
    const entry: WalkEntry = {
      path: dir.rel ? `${dir.rel}/${d.name}` : d.name,
      real,
      name: d.name,
      type: entryTypeOf(d),
      depth: dir.depth + 1,
    };
    if (options.skip?.(entry)) continue;
    yield entry;
    if (entry.type === 'directory' && entry.depth < options.maxDepth)
      yield* visit(guard, { real, rel: entry.path, depth: entry.depth }, options);
  }
}
