/**
 * Recommendations pulled out of answers (list items and imperative sentences), grouped across experts by
 * token overlap, and counted: a recommendation's votes are the distinct experts who made it.
 */
import { createOverlapIndex } from './similarity.js';
import type { Analysis, Sentence } from './text.js';

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

/** Is this tokenized sentence an instruction ("Use X", "Do not Y", "You should Z", "I recommend")? */
export function isImperative(words: readonly string[]): boolean {
  let i = 0;
  if (words[i] === 'please') i++;
  if ((words[i] === 'you' || words[i] === 'we') && (words[i + 1] === 'should' || words[i + 1] === 'must')) return true;
  if (words[i] === 'i' && words[i + 1] === 'recommend') return true;
  return IMPERATIVE.has(words[i] ?? '');
}

interface Candidate {
  text: string;
  tokens: number[];
  negated: boolean;
}

function union(sentences: readonly Sentence[]): number[] {
  if (sentences.length === 1) return (sentences[0] as Sentence).tokens;
  const set = new Set<number>();
  for (const s of sentences) for (const t of s.tokens) set.add(t);
  return [...set];
}

/** Candidate recommendations of one answer: its list items, plus imperative sentences outside lists. */
function candidates(analysis: Analysis): Candidate[] {
  const out: Candidate[] = [];
  for (const line of analysis.lines) {
    if (line.listItem) {
      if (line.text.length > 400 || line.sentences.length === 0) continue;
      out.push({ text: line.text, tokens: union(line.sentences), negated: line.sentences.some((s) => s.negations > 0) });
      continue;
    }
    for (const s of line.sentences) {
      if (s.text.length > 300 || s.text.endsWith('?') || s.text.endsWith(':') || !isImperative(s.words)) continue;
      out.push({ text: s.text, tokens: s.tokens, negated: s.negations > 0 });
    }
  }
  return out;
}

/** Group the recommendations of every expert and count distinct supporters; most votes first. */
export function tallyRecommendations(
  answers: ReadonlyArray<{ expertId: string; analysis: Analysis }>,
  minOverlap = 0.5,
  limit = 20,
): Recommendation[] {
  const groups: Array<{ text: string; negated: boolean; experts: Set<string> }> = [];
  const index = createOverlapIndex();
  for (const { expertId, analysis } of answers) {
    const said = new Set<string>();
    for (const rec of candidates(analysis)) {
      // A repeated line is one recommendation, not two.
      if (rec.tokens.length === 0 || said.has(rec.text)) continue;
      said.add(rec.text);
      let target = -1;
      let best = 0;
      // "Use X" and "Avoid X" share tokens but are opposite recommendations.
      for (const { item, jaccard } of index.overlaps(rec.tokens, minOverlap)) {
        if (groups[item]?.negated === rec.negated && jaccard > best) {
          best = jaccard;
          target = item;
        }
      }
      if (target >= 0) groups[target]?.experts.add(expertId);
      else {
        index.add(groups.length, rec.tokens);
        groups.push({ text: rec.text, negated: rec.negated, experts: new Set([expertId]) });
      }
    }
  }
  return groups
    .map((g, order) => ({ g, order }))
    .sort((a, b) => b.g.experts.size - a.g.experts.size || a.order - b.order)
    .slice(0, limit)
    .map(({ g }) => ({ text: g.text, votes: g.experts.size, experts: [...g.experts] }));
}
