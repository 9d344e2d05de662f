/**
 * desktop_list_directory: the entries of one directory with type, size and modification time. Protected entries
 * (the server's config and data) are left out; symlinks are shown as links, not followed.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';
import { isoTime, realDirectory } from './file-facts.js';
import { dirInput, entryType } from './schemas.js';
import { entryTypeOf } from './walk.js';

const entry = z.object({
  name: z.string(),
  type: entryType,
  sizeBytes: z.number().int().optional(),
  modifiedAt: z.string().optional(),
});

const TAG = { file: '[FILE]', directory: '[DIR] ', symlink: '[LINK]', other: '[OTHER]' } as const;

/** desktop_list_directory. */
export function listDirectoryOp(ctx: DesktopContext): Operation {
  const { files, settings } = ctx;
  return defineOperation({
    name: 'desktop_list_directory',
    title: 'List a directory',
    description: `List the entries of a directory inside the allowed roots (name order, at most ${settings.maxEntries}), with type, size and modification time. Symlinks are listed as links and not followed.`,
    input: z.object({
      path: dirInput,
      includeHidden: z.boolean().default(true).describe('Include names starting with "."'),
    }),
    output: z.object({ path: z.string(), entries: z.array(entry), truncated: z.boolean() }),
    permission: 'desktop:read',
    effects: 'read',
    example: { path: 'src' },
    render: (o) =>
      [
        `${o.path}:`,
        ...o.entries.map((e) => `${TAG[e.type]} ${e.name}${e.type === 'file' && e.sizeBytes !== undefined ? ` (${e.sizeBytes} B)` : ''}`),
        ...(o.truncated ? ['… (truncated)'] : []),
      ].join('\n'),
    run: async (input) => {
      const real = await realDirectory(files, input.path);
      const listing = (await files.readDir(real))
        .filter((d) => !files.isExcluded(join(real, d.name)) && (input.includeHidden || !d.name.startsWith('.')))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const entries = await Promise.all(
        listing.slice(0, settings.maxEntries).map(async (d) => {
          // lstat: metadata of the entry itself; a symlink is never followed here.
          const st = await lstat(join(real, d.name)).catch(() => undefined);
          return {
            name: d.name,
            type: entryTypeOf(d),
            ...(st ? { sizeBytes: st.size, modifiedAt: isoTime(st.mtimeMs) } : {}),
          };
        }),
      );
      return { path: real, entries, truncated: listing.length > settings.maxEntries };
    },
  });
}
