/**
 * 64-bit SimHash over token shingles: similar token sequences get fingerprints with a small Hamming
 * distance, so near-copies are found without comparing texts. Hashes are 16 hex characters.
 */

const TOKEN = /[A-Za-z_$][\w$]*|\d[\w.]*|\S/g;
const SHINGLE = 4;

/** Source tokens: identifiers, numbers and single punctuation characters (whitespace and layout ignored). */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** SimHash of `tokens` (shingles of 4), with the token count; undefined below `minTokens`. */
export function simhash(tokens: readonly string[], minTokens = 1): string | undefined {
  if (tokens.length < Math.max(minTokens, 1)) return undefined;
  const weights = new Int32Array(64);
  const count = Math.max(1, tokens.length - SHINGLE + 1);
  for (let i = 0; i < count; i++) {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ 0x5bd1e995;
    for (let j = i; j < Math.min(i + SHINGLE, tokens.length); j++) {
      const t = tokens[j] as string;
      for (let k = 0; k < t.length; k++) {
        const c = t.charCodeAt(k);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
      }
      h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
      h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
    }
    h1 = mix(h1);
    h2 = mix(h2 ^ h1);
    for (let b = 0; b < 32; b++) {
      weights[b] = (weights[b] as number) + ((h1 >>> b) & 1 ? 1 : -1);
      weights[b + 32] = (weights[b + 32] as number) + ((h2 >>> b) & 1 ? 1 : -1);
    }
  }
  let lo = 0;
  let hi = 0;
  for (let b = 0; b < 32; b++) {
    if ((weights[b] as number) > 0) lo |= 1 << b;
    if ((weights[b + 32] as number) > 0) hi |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Number of differing bits between two 16-hex-digit hashes. */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (Number.parseInt(a.slice(i, i + 8), 16) ^ Number.parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

/** Similarity in [0, 1] from a Hamming distance of 64-bit hashes. */
export function similarityOf(a: string, b: string): number {
  return 1 - hammingDistance(a, b) / 64;
}
