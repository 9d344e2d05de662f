/**
 * Contradiction checks between experts: two statements that say nearly the same thing (token overlap) but
 * one is negated and the other not, or both give numbers that differ ("timeout of 30 s" vs "timeout of 5 s").
 */
import { createOverlapIndex } from './similarity.js';
import type { Analysis, Sentence } from './text.js';

/** A pair of statements from two experts that conflict. */
export interface Contradiction {
  kind: 'negation' | 'numeric';
  experts: [string, string];
  statements: [string, string];
  /** Token overlap of the two statements without negations and numbers (0–1). */
  similarity: number;
}

/** Conflicting statement pairs between different experts, most similar first, at most `limit`. */
export function findContradictions(
  answers: ReadonlyArray<{ expertId: string; analysis: Analysis }>,
  minSimilarity = 0.5,
  limit = 10,
): Contradiction[] {
  const statements: Array<{ expert: number; s: Sentence }> = [];
  const index = createOverlapIndex();
  answers.forEach((a, expert) => {
    const said = new Set<string>();
    for (const s of a.analysis.sentences) {
      // Repeats within one answer add no new pairs.
      if (s.tokens.length < 2 || said.has(s.text)) continue;
      said.add(s.text);
      index.add(statements.length, s.tokens);
      statements.push({ expert, s });
    }
  });
  const found: Contradiction[] = [];
  const seen = new Set<string>();
  statements.forEach(({ expert, s: a }, i) => {
    for (const { item, jaccard } of index.overlaps(a.tokens, minSimilarity)) {
      const other = statements[item];
      // Each unordered pair once, and only across experts.
      if (!other || item <= i || other.expert === expert) continue;
      const b = other.s;
      const negation = a.negations % 2 !== b.negations % 2;
      const numeric = a.numbers !== '' && b.numbers !== '' && a.numbers !== b.numbers;
      if (!negation && !numeric) continue;
      const kind = negation ? 'negation' : 'numeric';
      const [first, second] = expert < other.expert ? [a, b] : [b, a];
      const key = `${kind}|${first.text}|${second.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ids = [answers[Math.min(expert, other.expert)]?.expertId ?? '', answers[Math.max(expert, other.expert)]?.expertId ?? ''] as [
        string,
        string,
      ];
      found.push({ kind, experts: ids, statements: [first.text, second.text], similarity: Math.round(jaccard * 1000) / 1000 });
    }
  });
  return found.sort((x, y) => y.similarity - x.similarity).slice(0, limit);
}
