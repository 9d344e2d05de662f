/**
 * Text analysis for consensus, done once per answer: lines, list items, sentences, words, and content tokens
 * (lower-cased, contractions expanded, stop words and negations removed, lightly stemmed) interned as integer
 * ids so similarity, recommendations and contradictions compare numbers, not strings.
 */

/** Words that negate a statement ("do not use X" vs "use X"). `avoid` counts: it flips a recommendation. */
export const NEGATIONS: ReadonlySet<string> = new Set(['not', 'no', 'never', 'none', 'nothing', 'neither', 'nor', 'without', 'avoid']);

const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then else of to in on at by for with from as is are was were be been being it its this that these those ' +
    'i you he she we they me him her us them my your our their do does did doing have has had having can could should would will ' +
    'shall may might must so such than too very just also only into over under about above below up down out off again further ' +
    'here there when where why how all any both each few more most other some own same what which who whom while because until ' +
    'against between through during before after s t d ll m o re ve y let lets'
  ).split(' '),
);

const CONTRACTION = /\b(?:can['’]t|cannot|won['’]t|shan['’]t)\b|n['’]t\b|['’](?:s|re|ve|ll|d|m)\b/g;
const EXPANSION: Record<string, string> = { cannot: 'can not', "can't": 'can not', "won't": 'will not', "shan't": 'shall not' };

/** Lower-case and expand contractions (one pass) so negations become the word `not`. */
export function normalise(text: string): string {
  return text.toLowerCase().replace(CONTRACTION, (m) => {
    const straight = m.replace('’', "'");
    if (EXPANSION[straight]) return EXPANSION[straight] as string;
    return straight.endsWith("n't") ? ' not' : '';
  });
}

/** A light stemmer: strips common English inflections so "caching", "cached" and "caches" meet. */
export function stem(word: string): string {
  if (word.length <= 4 || (word.charCodeAt(0) >= 48 && word.charCodeAt(0) <= 57)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'es', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      if (suffix === 's' && word.endsWith('ss')) return word;
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

// Latin, Greek, Cyrillic, kana and CJK letters: explicit ranges match faster than \p{L} and skip punctuation like ’ and —.
const WORD = /\d+(?:\.\d+)?|[a-z0-9_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff]+/g;
const NUMBER = /^\d+(?:\.\d+)?$/;

/** Raw word tokens (letters, digits, dotted numbers) of normalised text. */
export function words(text: string): string[] {
  return normalise(text).match(WORD) ?? [];
}

/** Interns content tokens as small integers, caching each distinct word's stem (−1 = not a content token). */
export interface Interner {
  /** Content-token id of a normalised word, or −1 for stop words, negations and one-letter words. */
  content(word: string): number;
  /** How many distinct content tokens so far (ids are 0 … size−1). */
  readonly size: number;
}

/** A fresh interner for one consensus run. */
export function createInterner(): Interner {
  const byWord = new Map<string, number>();
  const byStem = new Map<string, number>();
  return {
    content(word) {
      const known = byWord.get(word);
      if (known !== undefined) return known;
      let id = -1;
      if (word.length >= 2 && !STOPWORDS.has(word) && !NEGATIONS.has(word)) {
        const s = stem(word);
        id = byStem.get(s) ?? byStem.size;
        byStem.set(s, id);
      }
      byWord.set(word, id);
      return id;
    },
    get size() {
      return byStem.size;
    },
  };
}

/** Content tokens of a text as strings (stemmed, without stop words and negations). */
export function contentTokens(text: string): string[] {
  return words(text)
    .filter((w) => w.length >= 2 && !STOPWORDS.has(w) && !NEGATIONS.has(w))
    .map(stem);
}

/** One sentence (or list item part) of an answer. */
export interface Sentence {
  text: string;
  words: string[];
  /** Content-token ids in order (numbers included), for TF-IDF. */
  sequence: number[];
  /** Distinct content-token ids without numbers, for overlap tests. */
  tokens: number[];
  negations: number;
  /** Its numbers, sorted and joined ("" when none). */
  numbers: string;
  line: number;
}

/** A line of an answer and whether it is a Markdown list item. */
export interface Line {
  text: string;
  listItem: boolean;
  sentences: Sentence[];
}

/** An answer analysed once. */
export interface Analysis {
  lines: Line[];
  sentences: Sentence[];
}

const LIST_MARKER = /^\s*(?:[-*•+]|\d+[.)])\s+/;
const EMPHASIS = /\*\*|__|[*`]|^#+\s*|^>\s*/g;
const SENTENCE_SPLIT = /(?<=[.!?])\s+(?=[A-Z0-9"'(])/;

function grow(array: Int32Array, index: number): Int32Array {
  const next = new Int32Array(Math.max(index + 1, array.length * 2));
  next.set(array);
  return next;
}

/** Split an answer into lines, list items and sentences, and tokenize each sentence once. */
export function analyse(text: string, interner: Interner): Analysis {
  let seen: Int32Array = new Int32Array(1024);
  let stamp = 0;
  const lines: Line[] = [];
  const all: Sentence[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const listItem = LIST_MARKER.test(raw);
    const clean = raw.replace(LIST_MARKER, '').replace(EMPHASIS, '').trim();
    if (!clean) continue;
    const line: Line = { text: clean, listItem, sentences: [] };
    for (const part of clean.split(SENTENCE_SPLIT)) {
      const s = part.trim();
      if (s.length < 3) continue;
      const w = words(s);
      const sequence: number[] = [];
      const tokens: number[] = [];
      const numbers: number[] = [];
      let negations = 0;
      stamp++;
      for (const word of w) {
        if (NEGATIONS.has(word)) {
          negations++;
          continue;
        }
        // Numbers count for mismatches even when too short to be content tokens ("5 s" vs "60 s").
        const isNumber = word.charCodeAt(0) <= 57 && NUMBER.test(word);
        if (isNumber) numbers.push(Number(word));
        const id = interner.content(word);
        if (id < 0) continue;
        sequence.push(id);
        if (isNumber) continue;
        if (id >= seen.length) seen = grow(seen, id);
        // A per-sentence stamp dedupes tokens without allocating a Set.
        if (seen[id] !== stamp) {
          seen[id] = stamp;
          tokens.push(id);
        }
      }
      const sentence: Sentence = {
        text: s,
        words: w,
        sequence,
        tokens,
        negations,
        numbers: numbers.sort((a, b) => a - b).join(','),
        line: lines.length,
      };
      line.sentences.push(sentence);
      all.push(sentence);
    }
    lines.push(line);
  }
  return { lines, sentences: all };
}
