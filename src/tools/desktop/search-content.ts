/**
 * desktop_search_content: ripgrep-like search of file contents below a directory (or in one file), in-process with no
 * shell: a regex or literal, optional case folding, context lines and a match cap. The regex runs in a worker with a
 * deadline (line-matcher.ts), so a catastrophic pattern cannot stall the server. Binary and oversized files are
 * skipped, as are .git and node_modules unless `exclude` says otherwise.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';
import { createLineMatcher, type LineMatcher } from './line-matcher.js';
import { compileGlob, matchesAnyGlob, type PathGlob } from './path-glob.js';
import { DEFAULT_SEARCH_EXCLUDES, dirInput, globList } from './schemas.js';
import { decodeBytes, detectEncoding } from './text-encoding.js';
import { walk } from './walk.js';

const MAX_LINE_CHARS = 500;

const match = z.object({
  path: z.string().describe('Relative to `path` (the file name when `path` is a file)'),
  line: z.number().int().describe('1-based'),
  column: z.number().int().describe('1-based'),
  text: z.string().describe('The matching line (at most 500 characters)'),
  before: z.array(z.string()),
  after: z.array(z.string()),
});
type Match = z.infer<typeof match>;

/** desktop_search_content. */
export function searchContentOp(ctx: DesktopContext): Operation {
  const { files, settings } = ctx;
  const limits = settings.search;
  return defineOperation({
    name: 'desktop_search_content',
    title: 'Search file contents',
    description:
      'Search text files below a directory (or one file) for a JavaScript regular expression, or plain text with literal: true; like ripgrep, without a shell. ' +
      `include filters files by glob (e.g. "*.ts"). Returns up to maxMatches (at most ${limits.maxMatches}) matching lines with optional context lines. ` +
      `Skips binary files, files over ${limits.maxFileBytes} bytes, and ${DEFAULT_SEARCH_EXCLUDES.join('/')} unless exclude is given; stops after ${limits.timeoutMs} ms.`,
    input: z.object({
      path: dirInput,
      pattern: z.string().min(1).max(1000).describe('Regex (JavaScript syntax) or, with literal, plain text'),
      literal: z.boolean().default(false),
      ignoreCase: z.boolean().default(false),
      include: z.string().min(1).max(512).optional().describe('Only files matching this glob, e.g. "*.{ts,js}"'),
      exclude: globList.default(DEFAULT_SEARCH_EXCLUDES).describe('Globs of entries to skip'),
      contextLines: z.number().int().min(0).max(10).default(0).describe('Lines shown before and after each match'),
      maxMatches: z.number().int().min(1).max(limits.maxMatches).default(Math.min(100, limits.maxMatches)),
    }),
    output: z.object({
      path: z.string(),
      matches: z.array(match),
      filesSearched: z.number().int(),
      filesSkipped: z.number().int().describe('Binary, too large or unreadable'),
      truncated: z.boolean().describe('Stopped at maxMatches or at the file limit'),
      timedOut: z.boolean().describe('Stopped at the time limit; the matches so far are returned'),
    }),
    permission: 'desktop:read',
    effects: 'read',
    timeoutMs: limits.timeoutMs + 5_000,
    example: { path: 'src', pattern: 'TODO\\(#\\d+\\)', include: '*.ts', contextLines: 1 },
    render: (o) =>
      [
        ...o.matches.map((m) => `${m.path}:${m.line}:${m.column}: ${m.text}`),
        `${o.matches.length} match(es) in ${o.filesSearched} file(s)${o.truncated ? ', truncated' : ''}${o.timedOut ? ', timed out' : ''}`,
      ].join('\n'),
    run: async (input, { signal }) => {
      const real = await files.resolve(input.path);
      const st = await files.stat(real);
      const include = input.include ? compileGlob(input.include) : undefined;
      const exclude = input.exclude.map(compileGlob);
      const matcher = createLineMatcher({
        pattern: input.pattern,
        literal: input.literal,
        ignoreCase: input.ignoreCase,
        timeoutMs: limits.timeoutMs,
      });
      const state = { matches: [] as Match[], filesSearched: 0, filesSkipped: 0, truncated: false, timedOut: false };
      try {
        const targets = st.isDirectory() ? candidates(ctx, real, include, exclude, signal) : single(real);
        for await (const file of targets) {
          if (state.filesSearched + state.filesSkipped >= limits.maxFiles || state.matches.length >= input.maxMatches) {
            state.truncated = true;
            break;
          }
          const done = await searchFile(ctx, matcher, file, input, state);
          if (done) break;
        }
      } finally {
        await matcher.close();
      }
      return { path: real, ...state };
    },
  });
}

async function* single(real: string): AsyncGenerator<{ real: string; path: string }> {
  yield { real, path: basename(real) };
}

async function* candidates(ctx: DesktopContext, root: string, include: PathGlob | undefined, exclude: PathGlob[], signal: AbortSignal) {
  for await (const e of walk(ctx.files, root, { maxDepth: 64, signal, skip: (e) => matchesAnyGlob(exclude, e.path) })) {
    if (e.type === 'file' && (!include || include.matches(e.path))) yield { real: e.real, path: e.path };
  }
}

interface SearchState {
  matches: Match[];
  filesSearched: number;
  filesSkipped: number;
  truncated: boolean;
  timedOut: boolean;
}

/** Search one file; true when the search must stop (time is up). */
async function searchFile(
  ctx: DesktopContext,
  matcher: LineMatcher,
  file: { real: string; path: string },
  input: { contextLines: number; maxMatches: number },
  state: SearchState,
): Promise<boolean> {
  let bytes: Buffer;
  try {
    bytes = await ctx.files.readFile(file.real, { maxBytes: ctx.settings.search.maxFileBytes });
  } catch (e) {
    if (!isAppError(e)) throw e;
    state.filesSkipped++;
    return false;
  }
  const { encoding, bomBytes } = detectEncoding(bytes);
  if (encoding === 'base64') {
    state.filesSkipped++;
    return false;
  }
  state.filesSearched++;
  const text = decodeBytes(bytes.subarray(bomBytes), encoding);
  let hits: Awaited<ReturnType<LineMatcher['match']>>;
  try {
    hits = await matcher.match(text, input.maxMatches - state.matches.length);
  } catch (e) {
    if (isAppError(e) && e.code === 'E_TIMEOUT') {
      state.timedOut = true;
      return true;
    }
    throw e instanceof AppError ? e : new AppError('E_INTERNAL', 'Searching failed.', { cause: e });
  }
  if (hits.length === 0) return false;
  const lines = text.split('\n').map((l) => clip(l.endsWith('\r') ? l.slice(0, -1) : l));
  for (const h of hits) {
    state.matches.push({
      path: file.path,
      line: h.line + 1,
      column: h.column + 1,
      text: lines[h.line] ?? '',
      before: lines.slice(Math.max(0, h.line - input.contextLines), h.line),
      after: input.contextLines > 0 ? lines.slice(h.line + 1, h.line + 1 + input.contextLines) : [],
    });
  }
  return false;
}

const clip = (line: string) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
