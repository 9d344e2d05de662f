/**
 * desktop_file_info: metadata of one entry (the entry itself: a symlink is described, not followed), plus the
 * SHA-256 and detected encoding of files small enough to read.
 */
import { lstat, readlink } from 'node:fs/promises';
import { z } from 'zod';
import { isAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { fsError } from '../../security/path-resolve.js';
import type { DesktopContext } from './deps.js';
import { isoTime, modeString, sha256 } from './file-facts.js';
import { entryType, pathInput, sha256Hex } from './schemas.js';
import { detectEncoding } from './text-encoding.js';
import { entryTypeOf } from './walk.js';

/** desktop_file_info. */
export function fileInfoOp(ctx: DesktopContext): Operation {
  const { files, settings } = ctx;
  return defineOperation({
    name: 'desktop_file_info',
    title: 'File information',
    description: `Type, size, times and permissions of a file, directory or symlink inside the allowed roots; for files up to ${settings.maxReadBytes} bytes also sha256 and the detected encoding. A symlink is described, not followed.`,
    input: z.object({ path: pathInput }),
    output: z.object({
      path: z.string(),
      type: entryType,
      sizeBytes: z.number().int(),
      modifiedAt: z.string(),
      changedAt: z.string(),
      createdAt: z.string().optional(),
      mode: z.string().describe('Permission bits, octal, e.g. "0644"'),
      linkTarget: z.string().optional().describe('What a symlink points to, as stored'),
      linkTargetInsideRoots: z.boolean().optional().describe('Whether the symlink resolves inside the allowed roots'),
      sha256: sha256Hex.optional(),
      encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'latin1', 'base64']).optional().describe('Detected; base64 = binary'),
    }),
    permission: 'desktop:read',
    effects: 'read',
    example: { path: 'package.json' },
    render: (o) =>
      `${o.path}: ${o.type}, ${o.sizeBytes} bytes, mode ${o.mode}, modified ${o.modifiedAt}${o.sha256 ? `, sha256 ${o.sha256}` : ''}${o.linkTarget ? `, -> ${o.linkTarget}` : ''}`,
    run: async (input) => {
      const real = await files.resolve(input.path, { noFollow: true });
      const st = await lstat(real).catch((e: unknown) => {
        throw fsError(e, input.path);
      });
      const type = entryTypeOf(st);
      const base = {
        path: real,
        type,
        sizeBytes: st.size,
        modifiedAt: isoTime(st.mtimeMs),
        changedAt: isoTime(st.ctimeMs),
        ...(st.birthtimeMs > 0 ? { createdAt: isoTime(st.birthtimeMs) } : {}),
        mode: modeString(st),
      } as const;
      if (type === 'symlink') {
        const linkTarget = await readlink(real);
        const inside = await files.resolve(real).then(
          () => true,
          (e: unknown) => !(isAppError(e) && e.code === 'E_FORBIDDEN'),
        );
        return { ...base, linkTarget, linkTargetInsideRoots: inside };
      }
      if (type !== 'file' || st.size > settings.maxReadBytes) return base;
      const bytes = await files.readFile(real, { maxBytes: settings.maxReadBytes });
      return { ...base, sha256: sha256(bytes), encoding: detectEncoding(bytes).encoding };
    },
  });
}
