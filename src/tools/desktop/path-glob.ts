/**
 * Path globs for the desktop searches: `*` (within a name), `**` (any number of directories), `?`, `[abc]` / `[!abc]`
 * and `{a,b}`. A pattern without `/` matches the name at any depth (`*.ts`), like .gitignore; one with `/` matches
 * the path relative to the search directory. Matching is a wildcard matcher, not a RegExp: patterns like `*a*a*a*b`
 * cost O(pattern × name), never exponential backtracking.
 */
import { AppError } from '../../core/errors.js';

/** A compiled glob. */
export interface PathGlob {
  readonly source: string;
  /** Test a `/`-separated path relative to the search directory. */
  matches(relativePath: string): boolean;
}

type Token = { kind: 'char'; c: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negate: boolean; set: string };
type Segment = Token[] | 'globstar';

/** Brace alternatives are expanded; more than this is refused. */
const MAX_ALTERNATIVES = 256;

/**
 * Compile `pattern`; throws E_VALIDATION for an unbalanced `[` or `{`, or too many brace alternatives.
 * @example compileGlob('src/**\/*.test.ts').matches('src/a/b.test.ts') // true
 */
export function compileGlob(pattern: string): PathGlob {
  const cleaned = pattern.replace(/^(\.\/)+/, '');
  const byName = !cleaned.includes('/');
  const alternatives = expandBraces(cleaned, pattern).map((alt) => alt.split('/').map((s) => parseSegment(s, pattern)));
  return {
    source: pattern,
    matches(relativePath) {
      const target = byName ? relativePath.slice(relativePath.lastIndexOf('/') + 1) : relativePath;
      const parts = target.split('/');
      return alternatives.some((segments) => matchSegments(segments, parts));
    },
  };
}

/** True when any glob matches. */
export function matchesAnyGlob(globs: readonly PathGlob[], relativePath: string): boolean {
  return globs.some((g) => g.matches(relativePath));
}

function expandBraces(glob: string, original: string): string[] {
  const open = findUnescaped(glob, '{');
  if (open < 0) return [glob];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      close = i;
      break;
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw invalid(original, 'an unclosed "{"');
  const bounds = [open, ...commas, close];
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const expanded of expandBraces(head + glob.slice(bounds[k]! + 1, bounds[k + 1]) + tail, original)) {
      out.push(expanded);
      if (out.length > MAX_ALTERNATIVES) throw invalid(original, `more than ${MAX_ALTERNATIVES} brace alternatives`);
    }
  }
  return out;
}

function findUnescaped(s: string, c: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === c) return i;
  }
  return -1;
}

function parseSegment(segment: string, original: string): Segment {
  if (segment === '**') return 'globstar';
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) throw invalid(original, 'an unclosed "["');
      let set = segment.slice(i + 1, end);
      const negate = set.startsWith('!') || set.startsWith('^');
      if (negate) set = set.slice(1);
      tokens.push({ kind: 'class', negate, set: expandRanges(set) });
      i = end;
    } else if (c === '\\' && i + 1 < segment.length) tokens.push({ kind: 'char', c: segment[++i]! });
    else tokens.push({ kind: 'char', c });
  }
  return tokens;
}

/** `a-z0-9_` → every character in the ranges (classes are short: bounded by the pattern length cap). */
function expandRanges(set: string): string {
  let out = '';
  for (let i = 0; i < set.length; i++) {
    const from = set.charCodeAt(i);
    if (set[i + 1] === '-' && i + 2 < set.length) {
      const to = set.charCodeAt(i + 2);
      for (let code = from; code <= to && code - from < 1024; code++) out += String.fromCharCode(code);
      i += 2;
    } else out += set[i];
  }
  return out;
}

/** Segment-level match with `**`, memoised: O(pattern segments × path segments) segment matches. */
function matchSegments(segments: Segment[], parts: string[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (si: number, pi: number): boolean => {
    const key = si * (parts.length + 1) + pi;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (si === segments.length) result = pi === parts.length;
    else {
      const seg = segments[si]!;
      if (seg === 'globstar') result = go(si + 1, pi) || (pi < parts.length && go(si, pi + 1));
      else result = pi < parts.length && matchName(seg, parts[pi]!) && go(si + 1, pi + 1);
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Wildcard match of one name: the classic single-backtrack-point algorithm, O(tokens × name) worst case. */
function matchName(tokens: Token[], name: string): boolean {
  let t = 0;
  let n = 0;
  let starT = -1;
  let starN = 0;
  while (n < name.length) {
    const tok = tokens[t];
    if (tok && tok.kind !== 'star' && single(tok, name[n]!)) {
      t++;
      n++;
    } else if (tok?.kind === 'star') {
      starT = t++;
      starN = n;
    } else if (starT >= 0) {
      t = starT + 1;
      n = ++starN;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

function single(tok: Exclude<Token, { kind: 'star' }>, c: string): boolean {
  switch (tok.kind) {
    case 'char':
      return tok.c === c;
    case 'any':
      return true;
    case 'class':
      return tok.set.includes(c) !== tok.negate;
  }
}

function invalid(pattern: string, what: string): AppError {
  return new AppError('E_VALIDATION', `Glob "${pattern.slice(0, 200)}" has ${what}.`);
}
