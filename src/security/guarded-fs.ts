/**
 * File operations behind the path guard, without a check-then-use window: files are opened with O_NOFOLLOW and
 * the opened descriptor's real path is checked again (/proc/self/fd on Linux; device+inode comparison elsewhere).
 */
import { constants, type Dirent, type Stats } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, readlink, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Ids } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { PathGuard, ReadOptions, ResolveOptions, WriteOptions } from './path-guard.js';
import { fsError } from './path-resolve.js';

const DEFAULT_MAX_READ_BYTES = 64 * 1024 * 1024;
// O_NOFOLLOW: refuse if the last component became a symlink after the check. O_NONBLOCK: a FIFO planted in a root
// must not hang the open; regular files ignore the flag.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const READ_FLAGS = constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0);
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW;
const DIR_FLAGS = constants.O_RDONLY | NOFOLLOW | (constants.O_DIRECTORY ?? 0);

/** Open a regular file inside the roots for reading and verify the descriptor. */
export async function guardedOpenForRead(guard: PathGuard, input: string, options: ResolveOptions): Promise<FileHandle> {
  const real = await guard.resolve(input, options);
  const handle = await open(real, READ_FLAGS).catch((e: unknown) => {
    throw fsError(e, input);
  });
  try {
    await verifyHandle(guard, handle, real, input);
    const st = await handle.stat();
    if (!st.isFile()) throw new AppError('E_VALIDATION', `"${input}" is not a regular file.`);
    return handle;
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw e;
  }
}

/** Read a whole regular file inside the roots, refusing files over `maxBytes`. */
export async function guardedReadFile(guard: PathGuard, input: string, options: ReadOptions): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_READ_BYTES;
  const handle = await guardedOpenForRead(guard, input, options);
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(input, maxBytes);
    // Read at most maxBytes + 1: the file may grow between fstat and read.
    const buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) {
        if (filled > maxBytes) throw tooLarge(input, maxBytes);
        break;
      }
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * List a directory inside the roots. On Linux the directory is opened (O_NOFOLLOW|O_DIRECTORY), the descriptor is
 * checked, and the listing is read through /proc/self/fd/N, which names exactly the opened directory. Elsewhere the
 * directory's device and inode are compared before and after listing.
 */
export async function guardedReadDir(guard: PathGuard, input: string, options: ResolveOptions): Promise<Dirent[]> {
  const real = await guard.resolve(input, options);
  const handle = await open(real, DIR_FLAGS).catch((e: unknown) => {
    throw fsError(e, input);
  });
  try {
    const viaFd = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (viaFd !== undefined) {
      if (!guard.contains(viaFd)) throw swapped(input);
      return await readdir(`/proc/self/fd/${handle.fd}`, { withFileTypes: true });
    }
    const before = await handle.stat();
    const entries = await readdir(real, { withFileTypes: true });
    const after = await stat(real).catch(() => undefined);
    if (!after || after.dev !== before.dev || after.ino !== before.ino) throw swapped(input);
    return entries;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw fsError(e, input);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Stat a path inside the roots. */
export async function guardedStat(guard: PathGuard, input: string, options: ResolveOptions): Promise<Stats> {
  const real = await guard.resolve(input, options);
  return stat(real).catch((e: unknown) => {
    throw fsError(e, input);
  });
}

/**
 * Write `data` atomically: a new temp file beside the target (O_EXCL|O_NOFOLLOW, descriptor re-checked), fsync,
 * then rename over the target. rename replaces a symlink swapped in at the target rather than following it.
 */
export async function guardedWriteFile(
  guard: PathGuard,
  input: string,
  data: string | Uint8Array,
  options: WriteOptions,
  ids: Ids,
): Promise<string> {
  let target = await guard.resolve(input, options);
  if (options.mkdirs) {
    await mkdir(dirname(target), { recursive: true, mode: 0o700 }).catch((e: unknown) => {
      throw fsError(e, input);
    });
    // Re-resolve: the directories now exist, so any symlink raced into the chain shows up here.
    target = await guard.resolve(target);
  }
  const temp = join(dirname(target), `.${basename(target)}.${ids.bytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, CREATE_FLAGS, options.mode ?? 0o600).catch((e: unknown) => {
    throw fsError(e, input);
  });
  let renamed = false;
  try {
    try {
      await verifyHandle(guard, handle, temp, input);
      await handle.writeFile(data);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, target).catch((e: unknown) => {
      throw fsError(e, input);
    });
    renamed = true;
    return target;
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Check that an open descriptor really is inside the roots. On Linux /proc/self/fd/N names the file the kernel
 * opened, whatever happened to the path since; elsewhere compare device and inode with the checked path.
 */
async function verifyHandle(guard: PathGuard, handle: FileHandle, checkedPath: string, input: string): Promise<void> {
  const actual = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
  if (actual !== undefined) {
    if (!guard.contains(actual)) throw swapped(input);
    return;
  }
  const [opened, checked] = await Promise.all([handle.stat(), stat(checkedPath).catch(() => undefined)]);
  if (!checked || opened.dev !== checked.dev || opened.ino !== checked.ino) throw swapped(input);
}

function swapped(input: string): AppError {
  return new AppError('E_FORBIDDEN', `Path "${input}" changed while it was opened and now leaves the allowed file roots.`, {
    details: { reason: 'swapped' },
  });
}

function tooLarge(input: string, maxBytes: number): AppError {
  return new AppError('E_PAYLOAD_TOO_LARGE', `"${input}" is larger than ${maxBytes} bytes.`, { details: { maxBytes } });
}
