/**
 * desktop_search_files: find files and directories whose path matches a glob, below a directory inside the roots.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';
import { realDirectory } from './file-facts.js';
import { compileGlob, matchesAnyGlob } from './path-glob.js';
import { DEFAULT_SEARCH_EXCLUDES, dirInput, entryType, globList } from './schemas.js';
import { walk } from './walk.js';

/** desktop_search_files. */
export function searchFilesOp(ctx: DesktopContext): Operation {
  const { files, settings } = ctx;
  return defineOperation({
    name: 'desktop_search_files',
    title: 'Find files by name',
    description:
      'Find entries below a directory whose path matches a glob: "*.ts" matches names at any depth, "src/**/*.test.ts" matches paths relative to the directory; ' +
      `*, **, ?, [abc], {a,b}. Skips ${DEFAULT_SEARCH_EXCLUDES.join(' and ')} unless exclude is given. At most ${settings.search.maxFiles} entries are looked at.`,
    input: z.object({
      path: dirInput,
      pattern: z.string().min(1).max(512).describe('Glob, e.g. "*.md" or "src/**/index.ts"'),
      exclude: globList.default(DEFAULT_SEARCH_EXCLUDES).describe('Globs of entries to skip (directories are not entered)'),
      maxDepth: z.number().int().min(1).max(64).default(20),
      maxResults: z.number().int().min(1).max(settings.maxEntries).default(Math.min(1000, settings.maxEntries)),
    }),
    output: z.object({
      path: z.string(),
      matches: z.array(z.object({ path: z.string().describe('Relative to `path`'), type: entryType })),
      scanned: z.number().int(),
      truncated: z.boolean().describe('More matches, or more entries, than the limits'),
    }),
    permission: 'desktop:read',
    effects: 'read',
    example: { path: '.', pattern: '**/*.test.ts' },
    render: (o) => (o.matches.length ? o.matches.map((m) => m.path).join('\n') : 'No matches.') + (o.truncated ? '\n… (truncated)' : ''),
    run: async (input, { signal }) => {
      const real = await realDirectory(files, input.path);
      const glob = compileGlob(input.pattern);
      const exclude = input.exclude.map(compileGlob);
      const matches: Array<{ path: string; type: z.infer<typeof entryType> }> = [];
      let scanned = 0;
      let truncated = false;
      for await (const e of walk(files, real, { maxDepth: input.maxDepth, signal, skip: (e) => matchesAnyGlob(exclude, e.path) })) {
        if (++scanned > settings.search.maxFiles) {
          truncated = true;
          break;
        }
        if (!glob.matches(e.path)) continue;
        if (matches.length >= input.maxResults) {
          truncated = true;
          break;
        }
        matches.push({ path: e.path, type: e.type });
      }
      return { path: real, matches, scanned: Math.min(scanned, settings.search.maxFiles), truncated };
    },
  });
}
