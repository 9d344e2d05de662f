/**
 * TF-IDF vectors over content unigrams and bigrams, cosine similarity, and the agreement matrix of a set of
 * answers. IDF is computed over the answers themselves, so words every expert uses (the topic) weigh less
 * than the words that tell answers apart.
 */
import { contentTokens } from './text.js';

/** A sparse vector, L2-normalised. */
export type SparseVector = Map<string, number>;

/** Unigrams plus adjacent bigrams of an answer's content tokens. */
export function terms(text: string): string[] {
  const tokens = contentTokens(text);
  const out = tokens.slice();
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/** TF-IDF vectors (log-scaled term frequency, smoothed IDF), one per document, each of unit length. */
export function tfidfVectors(documents: readonly string[][]): SparseVector[] {
  const n = documents.length;
  const df = new Map<string, number>();
  const counts = documents.map((doc) => {
    const tf = new Map<string, number>();
    for (const t of doc) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    return tf;
  });
  return counts.map((tf) => {
    const v: SparseVector = new Map();
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1);
      v.set(t, w);
      norm += w * w;
    }
    const len = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / len);
    return v;
  });
}

/** Cosine similarity of two unit vectors (iterates the smaller one). */
export function cosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  return Math.min(1, Math.max(0, dot));
}

/** The symmetric agreement matrix of `texts` (1 on the diagonal), rounded to 3 decimals. */
export function agreementMatrix(texts: readonly string[]): number[][] {
  const vectors = tfidfVectors(texts.map(terms));
  const m = texts.map(() => new Array<number>(texts.length).fill(0));
  for (let i = 0; i < texts.length; i++) {
    (m[i] as number[])[i] = 1;
    for (let j = i + 1; j < texts.length; j++) {
      const s = Math.round(cosine(vectors[i] as SparseVector, vectors[j] as SparseVector) * 1000) / 1000;
      (m[i] as number[])[j] = s;
      (m[j] as number[])[i] = s;
    }
  }
  return m;
}

/** Jaccard similarity of two token sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const t of small) if (large.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}
