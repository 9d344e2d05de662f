/**
 * desktop_move_file: rename or move a file, symlink or directory inside the roots. It never replaces anything: an
 * existing destination is a conflict (files move with link + unlink, which fails atomically if the name is taken).
 * A symlink is moved as a link. Protected paths, and directories that contain one, cannot be moved.
 */
import { link, lstat, rename, unlink } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { errnoCode, fsError, isWithin } from '../../security/path-resolve.js';
import type { DesktopContext } from './deps.js';
import { entryType, pathInput } from './schemas.js';
import { entryTypeOf } from './walk.js';

/** desktop_move_file. */
export function moveFileOp(ctx: DesktopContext): Operation {
  const { files } = ctx;
  return defineOperation({
    name: 'desktop_move_file',
    title: 'Move or rename',
    description:
      'Move or rename a file, symlink or directory inside the allowed roots. Never overwrites: fails with E_CONFLICT if the destination exists. The destination directory must exist.',
    input: z.object({ source: pathInput, destination: pathInput }),
    output: z.object({ source: z.string(), destination: z.string(), type: entryType }),
    permission: 'desktop:write',
    effects: 'write',
    example: { source: 'drafts/report.md', destination: 'reports/2025/report.md' },
    render: (o) => `Moved ${o.source} → ${o.destination}`,
    run: async (input) => {
      const source = await files.resolve(input.source, { noFollow: true });
      const destination = await files.resolve(input.destination, { noFollow: true });
      if (files.roots.includes(source)) throw new AppError('E_FORBIDDEN', `"${input.source}" is a file root and cannot be moved.`);
      // Moving a directory that holds the server's config or data would relocate it out of the protection.
      if (files.excluded.some((p) => isWithin(source, p, files.caseInsensitive))) {
        throw new AppError('E_FORBIDDEN', `"${input.source}" contains a protected path and cannot be moved.`, {
          details: { reason: 'protected' },
        });
      }
      if (isWithin(source, destination, files.caseInsensitive)) {
        throw new AppError('E_VALIDATION', `Cannot move "${input.source}" into itself.`);
      }
      const st = await lstat(source).catch((e: unknown) => {
        throw fsError(e, input.source);
      });
      const exists = await lstat(destination).then(
        () => true,
        (e: unknown) => errnoCode(e) !== 'ENOENT',
      );
      if (exists) throw new AppError('E_CONFLICT', `"${input.destination}" already exists; desktop_move_file never overwrites.`);
      const type = entryTypeOf(st);
      if (type === 'directory') await renameDir(source, destination, input.destination);
      else await moveEntry(source, destination, input);
      return { source, destination, type };
    },
  });
}

/** Files and links: link() refuses an existing name atomically, then the old name goes. */
async function moveEntry(source: string, destination: string, input: { source: string; destination: string }): Promise<void> {
  try {
    await link(source, destination);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'EEXIST') throw new AppError('E_CONFLICT', `"${input.destination}" already exists; desktop_move_file never overwrites.`);
    if (code === 'EXDEV') throw crossDevice(input);
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
      // Filesystems without hard links: rename after the existence check above (a narrow race, see docs/security.md).
      await rename(source, destination).catch((err: unknown) => {
        throw errnoCode(err) === 'EXDEV' ? crossDevice(input) : fsError(err, input.destination);
      });
      return;
    }
    throw fsError(e, input.destination);
  }
  await unlink(source).catch((e: unknown) => {
    throw fsError(e, input.source);
  });
}

/** Directories: rename(2) refuses a non-empty destination; the existence check above covers the rest. */
async function renameDir(source: string, destination: string, shown: string): Promise<void> {
  await rename(source, destination).catch((e: unknown) => {
    const code = errnoCode(e);
    if (code === 'EXDEV') throw crossDevice({ destination: shown });
    if (code === 'ENOTEMPTY' || code === 'EEXIST')
      throw new AppError('E_CONFLICT', `"${shown}" already exists; desktop_move_file never overwrites.`);
    throw fsError(e, shown);
  });
}

function crossDevice(input: { destination: string }): AppError {
  return new AppError('E_UNSUPPORTED', `"${input.destination}" is on another filesystem; moving across filesystems is not supported.`, {
    details: { reason: 'cross-device' },
  });
}
