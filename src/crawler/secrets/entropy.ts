/**
 * Shannon entropy of a string in bits per character: random base62 keys score about 5.5, English words
 * and identifiers under 3.5, so a threshold separates keys from ordinary values.
 */

/** Bits per character of `text` (0 for the empty string). */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = [...text].length;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}
