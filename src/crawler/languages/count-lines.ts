/**
 * Code / comment / blank line counting with tokei's rules, so totals agree with tokei:
 * - blank: only whitespace (outside comments and strings);
 * - comment: the line starts inside a block comment, or is only comments;
 * - code: everything else, including a line with code and a comment and lines inside strings.
 */
import type { LanguageDef } from './language-table.js';

/** Line counts of one file or an aggregate. */
export interface LineCounts {
  code: number;
  comment: number;
  blank: number;
}

interface Syntax {
  lineComments: readonly string[];
  blocks: ReadonlyArray<readonly [string, string]>;
  nested: boolean;
  /** [open, close, verbatim] in tokei's order: doc quotes, verbatim quotes, quotes. */
  quotes: ReadonlyArray<readonly [string, string, boolean]>;
  /** First characters (ASCII) of every token: a line without any of them is plain code. */
  important: Uint8Array;
  /** First characters of block-comment closers and openers (inside a comment only these matter). */
  inComment: Uint8Array;
  literate: boolean;
}

const cache = new WeakMap<LanguageDef, Syntax>();

function syntaxOf(lang: LanguageDef): Syntax {
  let syntax = cache.get(lang);
  if (syntax) return syntax;
  const quotes: Array<readonly [string, string, boolean]> = [
    ...(lang.docQuotes ?? []).map(([s, e]) => [s, e, false] as const),
    ...(lang.verbatimQuotes ?? []).map(([s, e]) => [s, e, true] as const),
    ...(lang.quotes ?? []).map(([s, e]) => [s, e, false] as const),
  ];
  const blocks = lang.blockComments ?? [];
  const lineComments = lang.lineComments ?? [];
  const important = new Uint8Array(65536);
  for (const t of [...lineComments, ...blocks.map((b) => b[0]), ...quotes.map((q) => q[0])]) important[t.charCodeAt(0)] = 1;
  const inComment = new Uint8Array(65536);
  for (const [open, close] of blocks) {
    inComment[open.charCodeAt(0)] = 1;
    inComment[close.charCodeAt(0)] = 1;
  }
  syntax = { lineComments, blocks, nested: lang.nested === true, quotes, important, inComment, literate: lang.literate === true };
  cache.set(lang, syntax);
  return syntax;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

/** Count the lines of `text` as `lang`. A final line without a newline counts; a trailing newline adds none. */
export function countLines(text: string, lang: LanguageDef): LineCounts {
  const syntax = syntaxOf(lang);
  const counts: LineCounts = { code: 0, comment: 0, blank: 0 };
  const stack: string[] = [];
  let quote: string | undefined;
  let verbatim = false;
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = length;
    let s = start;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    start = end + 1;
    const plain = quote === undefined && stack.length === 0;
    if (plain && s === e) {
      counts.blank++;
      continue;
    }
    if (syntax.literate) {
      counts.comment++;
      continue;
    }
    if (plain && !hasImportant(text, s, e, syntax.important)) {
      counts.code++;
      continue;
    }
    const startedInComment = stack.length > 0;
    for (let i = s; i < e; ) {
      const c = text.charCodeAt(i);
      if (quote !== undefined) {
        if (c === quote.charCodeAt(0) && text.startsWith(quote, i)) {
          i += quote.length;
          quote = undefined;
        } else i += c === 92 && !verbatim ? 2 : 1;
        continue;
      }
      // Fast path: characters that start no token are skipped without any string comparison.
      if (stack.length === 0 ? syntax.important[c] === 0 : syntax.inComment[c] === 0) {
        i++;
        continue;
      }
      const top = stack[stack.length - 1];
      if (top !== undefined && text.startsWith(top, i)) {
        stack.pop();
        i += top.length;
        continue;
      }
      if (stack.length === 0) {
        const q = syntax.quotes.find(([open]) => text.startsWith(open, i));
        if (q) {
          quote = q[1];
          verbatim = q[2];
          i += q[0].length;
          continue;
        }
      }
      const block = syntax.blocks.find(([open]) => text.startsWith(open, i));
      if (block) {
        if (stack.length === 0 || syntax.nested) stack.push(block[1]);
        i += block[0].length;
        continue;
      }
      if (stack.length === 0 && syntax.lineComments.some((c) => text.startsWith(c, i))) break;
      i++;
    }
    if (isCommentLine(text, s, e, syntax, stack, quote, startedInComment)) counts.comment++;
    else counts.code++;
  }
  return counts;
}

function hasImportant(text: string, s: number, e: number, important: Uint8Array): boolean {
  for (let i = s; i < e; i++) if (important[text.charCodeAt(i)] === 1) return true;
  return false;
}

function isCommentLine(
  text: string,
  s: number,
  e: number,
  syntax: Syntax,
  stack: readonly string[],
  quote: string | undefined,
  startedInComment: boolean,
): boolean {
  if (quote !== undefined) return false;
  if (startedInComment) return true;
  if (syntax.lineComments.some((c) => text.startsWith(c, s))) return true;
  const line = text.slice(s, e);
  if (syntax.blocks.some(([open, close]) => line.startsWith(open) && line.endsWith(close) && line.length >= open.length + close.length))
    return true;
  const top = stack[stack.length - 1];
  return top !== undefined && syntax.blocks.some(([open, close]) => close === top && line.startsWith(open));
}

/** Add `b` into `a`. */
export function addCounts(a: LineCounts, b: LineCounts): void {
  a.code += b.code;
  a.comment += b.comment;
  a.blank += b.blank;
}
