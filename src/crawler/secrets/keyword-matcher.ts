/**
 * Aho–Corasick keyword matcher, ASCII case-insensitive: one pass over the text reports every occurrence of
 * every keyword. The secrets scanner uses it as a prefilter so a rule's regex runs only on lines that
 * contain one of the rule's keywords.
 *
 * The automaton is a full DFA over 7-bit ASCII (failure links folded into the transition table), so the
 * scan loop is one table lookup per character. Keywords are ASCII; other characters are folded to 7 bits,
 * which can only report extra occurrences in non-ASCII text, never miss one.
 */

const ALPHABET = 128;
/** Transitions are stored as 16-bit state numbers. */
const MAX_STATES = 65_536;

/** A compiled set of keywords. */
export interface KeywordMatcher {
  /** The keywords, lower-cased, in the order given (their index is what `scan` reports). */
  readonly keywords: readonly string[];
  /**
   * Call `onHit(keywordIndex, endOffset)` for every occurrence (endOffset is one past its last character).
   * Overlapping occurrences are all reported.
   */
  scan(text: string, onHit: (keyword: number, end: number) => void): void;
  /** Indexes of the keywords that occur at least once (a cheaper question than every position). */
  present(text: string): Set<number>;
}

/**
 * Build a matcher for `keywords` (non-empty, ASCII; matched case-insensitively).
 * @example createKeywordMatcher(['akia', 'ghp_']).present('key = AKIA…') // Set { 0 }
 */
export function createKeywordMatcher(keywords: readonly string[]): KeywordMatcher {
  const words = keywords.map((k) => k.toLowerCase());
  if (words.reduce((n, w) => n + w.length, 1) > MAX_STATES) throw new Error(`Too many keyword characters (limit ${MAX_STATES}).`);
  for (const w of words) if (w.length === 0 || /[^\x00-\x7f]/.test(w)) throw new Error(`Keyword "${w}" must be non-empty ASCII.`);

  // Trie as a growable table of transitions; -1 = none yet.
  let delta = new Int32Array(ALPHABET * 64).fill(-1);
  const outputs: number[][] = [[]];
  let states = 1;
  for (const [index, word] of words.entries()) {
    let s = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      const at = s * ALPHABET + c;
      if ((delta[at] as number) === -1) {
        if (states * ALPHABET >= delta.length) {
          const grown = new Int32Array(delta.length * 2).fill(-1);
          grown.set(delta);
          delta = grown;
        }
        delta[at] = states++;
        outputs.push([]);
      }
      s = delta[at] as number;
    }
    (outputs[s] as number[]).push(index);
  }

  // Breadth-first: failure links, merged outputs, and missing transitions filled from the failure state.
  const fail = new Int32Array(states);
  const queue: number[] = [];
  for (let c = 0; c < ALPHABET; c++) {
    const t = delta[c] as number;
    if (t === -1) delta[c] = 0;
    else {
      fail[t] = 0;
      queue.push(t);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head] as number;
    const inherited = outputs[fail[s] as number] as number[];
    if (inherited.length > 0) outputs[s] = [...(outputs[s] as number[]), ...inherited];
    for (let c = 0; c < ALPHABET; c++) {
      const at = s * ALPHABET + c;
      const t = delta[at] as number;
      const viaFail = delta[(fail[s] as number) * ALPHABET + c] as number;
      if (t === -1) delta[at] = viaFail;
      else {
        fail[t] = viaFail;
        queue.push(t);
      }
    }
  }
  // Case folding: an upper-case letter moves like its lower-case twin.
  for (let s = 0; s < states; s++) for (let c = 65; c <= 90; c++) delta[s * ALPHABET + c] = delta[s * ALPHABET + c + 32] as number;

  // Renumber states so that those with outputs come last: the scan loop then tests one comparison.
  const order = [...Array(states).keys()].sort(
    (a, b) => ((outputs[a] as number[]).length > 0 ? 1 : 0) - ((outputs[b] as number[]).length > 0 ? 1 : 0),
  );
  const newId = new Int32Array(states);
  order.forEach((old, i) => {
    newId[old] = i;
  });
  const firstOutput = order.findIndex((old) => (outputs[old] as number[]).length > 0);
  const table = new Uint16Array(states * ALPHABET);
  const outputOf: number[][] = new Array(states);
  for (let old = 0; old < states; old++) {
    const s = newId[old] as number;
    outputOf[s] = outputs[old] as number[];
    for (let c = 0; c < ALPHABET; c++) table[s * ALPHABET + c] = newId[delta[old * ALPHABET + c] as number] as number;
  }
  const root = newId[0] as number;
  const limit = firstOutput === -1 ? states : firstOutput;

  return {
    keywords: words,
    scan(text, onHit) {
      let s = root;
      const n = text.length;
      for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        // Non-ASCII characters fold into 7 bits: that can only add prefilter hits (the regexes decide), never lose one.
        s = table[(s << 7) | (c & 127)] as number;
        if (s >= limit) for (const k of outputOf[s] as number[]) onHit(k, i + 1);
      }
    },
    present(text) {
      const found = new Set<number>();
      this.scan(text, (k) => found.add(k));
      return found;
    },
  };
}
