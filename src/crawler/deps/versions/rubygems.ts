/**
 * RubyGems version ordering, after Gem::Version#<=>: segments are digit runs and letter runs, "-" means
 * ".pre.", trailing zeros are dropped before and after the first letter segment, and a letter segment
 * sorts before any number (so 1.0.a < 1.0).
 */
import { compareDigits } from './numeric.js';

type Segment = string;

const isNumeric = (s: Segment): boolean => /^\d+$/.test(s);

function dropTrailingZeros(segments: Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0 && isNumeric(segments[end - 1] as string) && /^0+$/.test(segments[end - 1] as string)) end--;
  return segments.slice(0, end);
}

/** Gem::Version#canonical_segments. */
function canonicalSegments(version: string): Segment[] {
  const segments =
    version
      .trim()
      .replace(/-/g, '.pre.')
      .match(/[0-9]+|[a-z]+/gi) ?? [];
  const firstString = segments.findIndex((s) => !isNumeric(s));
  if (firstString === -1) return dropTrailingZeros(segments);
  return [...dropTrailingZeros(segments.slice(0, firstString)), ...dropTrailingZeros(segments.slice(firstString))];
}

/**
 * Order two RubyGems versions.
 * @example compareRubyGems('1.0.0.rc1', '1.0.0') // < 0
 */
export function compareRubyGems(a: string, b: string): number {
  const x = canonicalSegments(a);
  const y = canonicalSegments(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const l = x[i] ?? '0';
    const r = y[i] ?? '0';
    if (l === r) continue;
    const ln = isNumeric(l);
    const rn = isNumeric(r);
    if (!ln && rn) return -1;
    if (ln && !rn) return 1;
    if (ln && rn) {
      const c = compareDigits(l, r);
      if (c !== 0) return c;
      continue;
    }
    return l < r ? -1 : 1;
  }
  return 0;
}
