/**
 * Recommendations pulled out of answers (list items and imperative sentences), grouped across experts by
 * token overlap, and counted: a recommendation's votes are the distinct experts who made it.
 */
import { jaccard } from './similarity.js';
import { contentTokens, listItems, NEGATIONS, normalise, sentences, words } from './text.js';

/** One recommendation and who made it. */
export interface Recommendation {
  /** The wording of its first occurrence. */
  text: string;
  votes: number;
  experts: string[];
}

const IMPERATIVE = new Set(
  (
    'use add avoid consider ensure replace remove move enable disable prefer check validate run set keep split migrate upgrade ' +
    'document write test implement introduce adopt limit cache index log monitor rotate restrict sanitize sanitise escape ' +
    'encrypt hash store return wrap extract rename refactor reduce increase pin lock apply configure define handle verify ' +
    'audit review benchmark profile measure deploy rollback drop switch make start stop do never always put batch retry guard'
  ).split(' '),
);

/** Is this sentence an instruction ("Use X", "Do not Y", "You should Z")? */
export function isImperative(sentence: string): boolean {
  const w = words(sentence);
  let i = 0;
  if (w[i] === 'please') i++;
  if ((w[i] === 'you' || w[i] === 'we') && (w[i + 1] === 'should' || w[i + 1] === 'must')) return true;
  if (w[i] === 'i' && w[i + 1] === 'recommend') return true;
  return IMPERATIVE.has(w[i] ?? '');
}

/** Candidate recommendations of one answer: its list items, plus imperative sentences outside lists. */
export function extractRecommendations(text: string): string[] {
  const items = listItems(text);
  const seen = new Set(items.map((s) => normalise(s)));
  const out = items.filter((s) => s.length <= 400);
  for (const s of sentences(text)) {
    if (seen.has(normalise(s)) || s.length > 300 || s.endsWith('?') || s.endsWith(':')) continue;
    if (isImperative(s)) out.push(s);
  }
  return out;
}

interface Group {
  text: string;
  tokens: Set<string>;
  negated: boolean;
  experts: Set<string>;
  order: number;
}

/** Group the recommendations of every expert and count distinct supporters; most votes first. */
export function tallyRecommendations(
  answers: ReadonlyArray<{ expertId: string; text: string }>,
  minOverlap = 0.5,
  limit = 20,
): Recommendation[] {
  const groups: Group[] = [];
  for (const { expertId, text } of answers) {
    for (const rec of extractRecommendations(text)) {
      const tokens = new Set(contentTokens(rec));
      if (tokens.size === 0) continue;
      // "Use X" and "Avoid X" share tokens but are opposite recommendations.
      const negated = words(rec).some((w) => NEGATIONS.has(w));
      let target: Group | undefined;
      let best = 0;
      for (const g of groups) {
        if (g.negated !== negated) continue;
        const s = jaccard(g.tokens, tokens);
        if (s >= minOverlap && s > best) {
          best = s;
          target = g;
        }
      }
      if (target) target.experts.add(expertId);
      else groups.push({ text: rec, tokens, negated, experts: new Set([expertId]), order: groups.length });
    }
  }
  return groups
    .sort((a, b) => b.experts.size - a.experts.size || a.order - b.order)
    .slice(0, limit)
    .map((g) => ({ text: g.text, votes: g.experts.size, experts: [...g.experts] }));
}
