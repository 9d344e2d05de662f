/**
 * TF-IDF vectors over content tokens, cosine similarity, and the agreement matrix of a set of answers. IDF is
 * computed over the answers themselves, so words every expert uses (the topic) weigh less than the words that
 * tell answers apart. Also an inverted index for Jaccard overlap of statements.
 */
import type { Analysis } from './text.js';

/**
 * TF-IDF vectors (log-scaled term frequency, smoothed IDF) over content-token ids, dense (ids are small and
 * consecutive), one per answer, each of unit length.
 */
export function tfidfVectors(analyses: readonly Analysis[], vocabulary: number): Float64Array[] {
  const n = analyses.length;
  const tfs = analyses.map((a) => {
    const tf = new Float64Array(vocabulary);
    for (const s of a.sentences) for (const id of s.sequence) tf[id] = (tf[id] as number) + 1;
    return tf;
  });
  const df = new Float64Array(vocabulary);
  for (const tf of tfs) for (let t = 0; t < vocabulary; t++) if ((tf[t] as number) > 0) df[t] = (df[t] as number) + 1;
  for (const tf of tfs) {
    let norm = 0;
    for (let t = 0; t < vocabulary; t++) {
      const c = tf[t] as number;
      if (c === 0) continue;
      const w = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + (df[t] as number))) + 1);
      tf[t] = w;
      norm += w * w;
    }
    const len = Math.sqrt(norm) || 1;
    for (let t = 0; t < vocabulary; t++) tf[t] = (tf[t] as number) / len;
  }
  return tfs;
}

/** Cosine similarity of two unit vectors, clamped to 0–1. */
export function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  for (let t = 0; t < a.length; t++) dot += (a[t] as number) * (b[t] as number);
  return Math.min(1, Math.max(0, dot));
}

/** The symmetric agreement matrix of analysed answers (1 on the diagonal), rounded to 3 decimals. */
export function agreementMatrix(analyses: readonly Analysis[], vocabulary: number): number[][] {
  const vectors = tfidfVectors(analyses, vocabulary);
  const m = analyses.map(() => new Array<number>(analyses.length).fill(0));
  for (let i = 0; i < analyses.length; i++) {
    (m[i] as number[])[i] = 1;
    for (let j = i + 1; j < analyses.length; j++) {
      const s = Math.round(cosine(vectors[i] as Float64Array, vectors[j] as Float64Array) * 1000) / 1000;
      (m[i] as number[])[j] = s;
      (m[j] as number[])[i] = s;
    }
  }
  return m;
}

/** Overlap of items by shared token ids, through an inverted index: `add` items, `overlaps` finds the close ones. */
export interface OverlapIndex {
  add(item: number, tokens: ArrayLike<number> & Iterable<number>): void;
  /** Items sharing tokens with `tokens`, with their Jaccard similarity (only those ≥ `min`). */
  overlaps(tokens: ArrayLike<number> & Iterable<number>, min: number): Array<{ item: number; jaccard: number }>;
}

/** An inverted index from token ids to items, for Jaccard similarity without comparing every pair. */
export function createOverlapIndex(): OverlapIndex {
  const postings = new Map<number, number[]>();
  const sizes: number[] = [];
  // Shared counters, reset after each query through the list of touched items (no Map per query).
  let counts = new Int32Array(64);
  const touched: number[] = [];
  return {
    add(item, tokens) {
      sizes[item] = tokens.length;
      if (item >= counts.length) {
        const grown = new Int32Array(Math.max(item + 1, counts.length * 2));
        grown.set(counts);
        counts = grown;
      }
      for (const t of tokens) {
        const list = postings.get(t);
        if (list) list.push(item);
        else postings.set(t, [item]);
      }
    },
    overlaps(tokens, min) {
      for (const t of tokens) {
        const list = postings.get(t);
        if (!list) continue;
        for (const item of list) {
          const c = counts[item] as number;
          counts[item] = c + 1;
          if (c === 0) touched.push(item);
        }
      }
      const out: Array<{ item: number; jaccard: number }> = [];
      for (const item of touched) {
        const c = counts[item] as number;
        counts[item] = 0;
        const jaccard = c / (tokens.length + (sizes[item] ?? 0) - c);
        if (jaccard >= min) out.push({ item, jaccard });
      }
      touched.length = 0;
      return out;
    },
  };
}
