/**
 * Contradiction checks between experts: two statements that say nearly the same thing (token overlap) but
 * one is negated and the other not, or both give numbers that differ ("timeout of 30 s" vs "timeout of 5 s").
 */
import { jaccard } from './similarity.js';
import { contentTokens, NEGATIONS, sentences, words } from './text.js';

/** A pair of statements from two experts that conflict. */
export interface Contradiction {
  kind: 'negation' | 'numeric';
  experts: [string, string];
  statements: [string, string];
  /** Token overlap of the two statements without negations and numbers (0–1). */
  similarity: number;
}

interface Statement {
  expertId: string;
  text: string;
  tokens: Set<string>;
  negated: boolean;
  numbers: string;
}

const NUMBER = /^\d+(?:\.\d+)?$/;

function analyse(expertId: string, text: string): Statement[] {
  const out: Statement[] = [];
  for (const s of sentences(text)) {
    const w = words(s);
    const negations = w.filter((x) => NEGATIONS.has(x)).length;
    const nums = w.filter((x) => NUMBER.test(x));
    const tokens = new Set(contentTokens(s).filter((t) => !NUMBER.test(t)));
    if (tokens.size < 2) continue;
    out.push({
      expertId,
      text: s,
      tokens,
      negated: negations % 2 === 1,
      numbers: nums
        .map(Number)
        .sort((a, b) => a - b)
        .join(','),
    });
  }
  return out;
}

/** Conflicting statement pairs between different experts, most similar first, at most `limit`. */
export function findContradictions(
  answers: ReadonlyArray<{ expertId: string; text: string }>,
  minSimilarity = 0.5,
  limit = 10,
): Contradiction[] {
  const statements = answers.map((a) => analyse(a.expertId, a.text));
  const found: Contradiction[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < statements.length; i++) {
    for (let j = i + 1; j < statements.length; j++) {
      for (const a of statements[i] as Statement[]) {
        for (const b of statements[j] as Statement[]) {
          if (a.expertId === b.expertId) continue;
          const negation = a.negated !== b.negated;
          const numeric = a.numbers !== '' && b.numbers !== '' && a.numbers !== b.numbers;
          if (!negation && !numeric) continue;
          const similarity = jaccard(a.tokens, b.tokens);
          if (similarity < minSimilarity) continue;
          const kind = negation ? 'negation' : 'numeric';
          const key = `${kind}|${a.text}|${b.text}`;
          if (seen.has(key)) continue;
          seen.add(key);
          found.push({
            kind,
            experts: [a.expertId, b.expertId],
            statements: [a.text, b.text],
            similarity: Math.round(similarity * 1000) / 1000,
          });
        }
      }
    }
  }
  return found.sort((x, y) => y.similarity - x.similarity).slice(0, limit);
}
