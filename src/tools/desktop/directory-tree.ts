/**
 * desktop_directory_tree: everything below a directory down to `maxDepth`, as a flat pre-order list (and an indented
 * tree as text). Protected entries are left out; symlinked directories are shown, not entered.
 */
import { z } from 'zod';
import { toAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';
import { realDirectory } from './file-facts.js';
import { compileGlob, matchesAnyGlob } from './path-glob.js';
import { dirInput, entryType, globList } from './schemas.js';
import { walk } from './walk.js';

/** desktop_directory_tree. */
export function directoryTreeOp(ctx: DesktopContext): Operation {
  const { files, settings } = ctx;
  return defineOperation({
    name: 'desktop_directory_tree',
    title: 'Directory tree',
    description: `Everything below a directory inside the allowed roots, down to maxDepth levels (default 3, at most 20), at most ${settings.maxEntries} entries. Symlinks are shown, not followed. exclude takes globs (e.g. "node_modules", "**/*.log").`,
    input: z.object({
      path: dirInput,
      maxDepth: z.number().int().min(1).max(20).default(3).describe('Levels below the directory (1 = its own entries)'),
      exclude: globList.default([]).describe('Globs of entries to leave out (a directory is then not entered)'),
    }),
    output: z.object({
      path: z.string(),
      entries: z.array(z.object({ path: z.string().describe('Relative to `path`'), type: entryType, depth: z.number().int() })),
      truncated: z.boolean(),
      unreadable: z.array(z.string()).describe('Directories that could not be listed'),
    }),
    permission: 'desktop:read',
    effects: 'read',
    example: { path: 'src', maxDepth: 2, exclude: ['node_modules'] },
    render: (o) =>
      [
        o.path,
        ...o.entries.map(
          (e) =>
            `${'  '.repeat(e.depth)}${e.path.slice(e.path.lastIndexOf('/') + 1)}${e.type === 'directory' ? '/' : e.type === 'symlink' ? ' @' : ''}`,
        ),
        ...(o.truncated ? ['… (truncated)'] : []),
      ].join('\n'),
    run: async (input, { signal }) => {
      const real = await realDirectory(files, input.path);
      const exclude = input.exclude.map(compileGlob);
      const entries: Array<{ path: string; type: z.infer<typeof entryType>; depth: number }> = [];
      const unreadable: string[] = [];
      let truncated = false;
      for await (const e of walk(files, real, {
        maxDepth: input.maxDepth,
        signal,
        skip: (e) => matchesAnyGlob(exclude, e.path),
        onError: (path, error) => unreadable.push(`${path}: ${toAppError(error).code}`),
      })) {
        if (entries.length >= settings.maxEntries) {
          truncated = true;
          break;
        }
        entries.push({ path: e.path, type: e.type, depth: e.depth });
      }
      return { path: real, entries, truncated, unreadable };
    },
  });
}
