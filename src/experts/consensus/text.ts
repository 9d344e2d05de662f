/**
 * Text normalisation for consensus: lower-casing, contraction expansion, stop-word removal and a light
 * suffix stemmer, plus sentence and list-item splitting. Deterministic and dependency-free.
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

const CONTRACTIONS: ReadonlyArray<[RegExp, string]> = [
  [/\bcan't\b|\bcannot\b/g, 'can not'],
  [/\bwon't\b/g, 'will not'],
  [/\bshan't\b/g, 'shall not'],
  [/n't\b/g, ' not'],
  [/['’](s|re|ve|ll|d|m)\b/g, ''],
];

/** Lower-case and expand contractions so negations become the word `not`. */
export function normalise(text: string): string {
  let s = text.toLowerCase().replace(/’/g, "'");
  for (const [re, to] of CONTRACTIONS) s = s.replace(re, to);
  return s;
}

/** A light stemmer: strips common English inflections so "caching", "cached" and "caches" meet. */
export function stem(word: string): string {
  if (word.length <= 4 || /^\d/.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ingly', 'edly', 'ing', 'ed', 'es', 'ly', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      if (suffix === 's' && word.endsWith('ss')) return word;
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

/** Raw word tokens (letters, digits, dotted numbers) of normalised text. */
export function words(text: string): string[] {
  return normalise(text).match(/\d+(?:\.\d+)?|[\p{L}\p{N}_]+/gu) ?? [];
}

/** Content tokens: stemmed, without stop words and negations (those are checked separately). */
export function contentTokens(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOPWORDS.has(w) || NEGATIONS.has(w) || w.length < 2) continue;
    out.push(stem(w));
  }
  return out;
}

/** Sentences and list items of an answer, with list markers and Markdown emphasis stripped. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw
      .replace(/^\s*(?:[-*•+]|\d+[.)])\s+/, '')
      .replace(/\*\*|__|[*`]|^#+\s*|^>\s*/g, '')
      .trim();
    if (!line) continue;
    for (const part of line.split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/)) {
      const s = part.trim();
      if (s.length >= 3) out.push(s);
    }
  }
  return out;
}

/** Items of Markdown lists (`-`, `*`, `•`, `1.`), marker stripped. */
export function listItems(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:[-*•+]|\d+[.)])\s+(.*)$/.exec(raw);
    const item = m?.[1]?.replace(/\*\*|__|[*`]/g, '').trim();
    if (item && item.length >= 3) out.push(item);
  }
  return out;
}
