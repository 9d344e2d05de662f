/**
 * Small facts about files that several desktop operations report: SHA-256 of the bytes, ISO times, a file's hash
 * read through the guard, and "this path is a directory" checks with helpful errors.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { AppError, isAppError } from '../../core/errors.js';
import type { PathGuard } from '../../security/path-guard.js';

/** Lower-case hex SHA-256. */
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** ISO-8601 of a Stats time. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** Unix permission bits as 4 octal digits, e.g. "0644". */
export const modeString = (st: Stats): string => (st.mode & 0o7777).toString(8).padStart(4, '0');

/**
 * The SHA-256 of a file's current bytes, or undefined when it does not exist. Streams the file through the guard's
 * checked descriptor, so any size is hashed in constant memory.
 */
export async function currentHash(files: PathGuard, path: string): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    handle = await files.openForRead(path);
  } catch (e) {
    if (isAppError(e) && e.code === 'E_NOT_FOUND') return undefined;
    throw e;
  }
  try {
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Stat `path` and insist on a directory (E_VALIDATION with the path otherwise); returns its real path. */
export async function realDirectory(files: PathGuard, path: string): Promise<string> {
  const real = await files.resolve(path);
  const st = await files.stat(real).catch((e: unknown) => {
    if (isAppError(e) && e.code === 'E_NOT_FOUND') throw new AppError('E_NOT_FOUND', `No such directory: "${path}".`);
    throw e;
  });
  if (!st.isDirectory()) throw new AppError('E_VALIDATION', `"${path}" is not a directory.`);
  return real;
}
