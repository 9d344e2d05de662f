/**
 * desktop_write_file: create or replace a whole file atomically (temp file + fsync + rename through the path guard).
 * `expectedHash` makes the write conditional (optimistic concurrency): the SHA-256 the caller last saw, or "absent"
 * for create-only. Effects `destructive`: it can replace content the caller never saw.
 */
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';
import { currentHash, sha256 } from './file-facts.js';
import { pathInput, sha256Hex } from './schemas.js';

/** Mode of files this tool creates (replaced files keep theirs). */
const NEW_FILE_MODE = 0o644;

/** desktop_write_file. */
export function writeFileOp(ctx: DesktopContext): Operation {
  const { files, settings } = ctx;
  return defineOperation({
    name: 'desktop_write_file',
    title: 'Write a file',
    description:
      'Create a file or replace its whole content, atomically (readers see the old or the new file, never a mix). ' +
      'Give expectedHash (sha256 from desktop_read_file) to replace only the version you read, or "absent" to only create. ' +
      'A replaced file keeps its permissions. Destructive: prefer desktop_edit_file for changes to existing files.',
    input: z.object({
      path: pathInput,
      content: z.string().describe('The new content (text, or base64 with encoding "base64")'),
      encoding: z.enum(['utf-8', 'base64']).default('utf-8').describe('How `content` is given; base64 for binary files'),
      expectedHash: z
        .union([sha256Hex, z.literal('absent')])
        .optional()
        .describe('Write only if the file still has this SHA-256, or ("absent") does not exist yet'),
      createDirectories: z.boolean().default(false).describe('Create missing parent directories'),
    }),
    output: z.object({
      path: z.string(),
      sizeBytes: z.number().int(),
      sha256: sha256Hex,
      created: z.boolean().describe('True when the file did not exist before'),
      previousSha256: sha256Hex
        .optional()
        .describe('Of the replaced content (when expectedHash was checked, or the file was at most desktop.maxReadBytes)'),
    }),
    permission: 'desktop:write',
    effects: 'destructive',
    idempotent: true,
    example: { path: 'notes/todo.md', content: '# Todo\n- ship it\n', expectedHash: 'absent' },
    render: (o) => `${o.created ? 'Created' : 'Replaced'} ${o.path} (${o.sizeBytes} bytes, sha256 ${o.sha256.slice(0, 12)}…)`,
    run: async (input, { signal }) => {
      if (input.encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(input.content.replace(/\s+/g, ''))) {
        throw new AppError('E_VALIDATION', 'content is not valid base64.');
      }
      const bytes = Buffer.from(input.content, input.encoding === 'base64' ? 'base64' : 'utf8');
      const real = await files.resolve(input.path);
      const existing = await files.stat(real).catch((e: unknown) => {
        if (isAppError(e) && e.code === 'E_NOT_FOUND') return undefined;
        throw e;
      });
      if (existing?.isDirectory()) throw new AppError('E_CONFLICT', `"${input.path}" is a directory.`);
      // Hashed when the caller's expectedHash must be checked (any size), or for the record when the file is small.
      const checks = input.expectedHash !== undefined && input.expectedHash !== 'absent';
      const previous = existing && (checks || existing.size <= settings.maxReadBytes) ? await currentHash(files, real) : undefined;
      if (input.expectedHash === 'absent' && existing) {
        throw new AppError('E_CONFLICT', `"${input.path}" already exists; read it and pass its sha256 as expectedHash to replace it.`);
      }
      if (checks) {
        if (previous !== input.expectedHash) {
          throw new AppError(
            'E_CONFLICT',
            `"${input.path}" ${existing ? 'changed since you read it' : 'no longer exists'}; read it again before writing.`,
            {
              details: { reason: 'hash-mismatch' },
            },
          );
        }
      }
      // A call that timed out or was cancelled while hashing must not write afterwards.
      if (signal.aborted) throw new AppError('E_CANCELLED', `Writing "${input.path}" was cancelled; nothing was written.`);
      try {
        await files.writeFile(real, bytes, { mode: existing ? existing.mode & 0o7777 : NEW_FILE_MODE, mkdirs: input.createDirectories });
      } catch (e) {
        if (isAppError(e) && e.code === 'E_NOT_FOUND') {
          throw new AppError('E_NOT_FOUND', `The directory of "${input.path}" does not exist; pass createDirectories: true to create it.`, {
            cause: e,
          });
        }
        throw e;
      }
      return {
        path: real,
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        created: !existing,
        ...(previous ? { previousSha256: previous } : {}),
      };
    },
  });
}
