import { describe, expect, it } from 'vitest';
import { buildConsensus, type ConsensusAnswer, confidenceOf } from './consensus.js';
import { AGREEING, CONTRADICTING, DISSENTING } from './fixtures.test-data.js';

const panel = (): ConsensusAnswer[] => [
  { expertId: 'anthropic:a', text: AGREEING[0]!, stance: 'neutral', weight: 0.5 },
  { expertId: 'openai:b', text: AGREEING[1]!, stance: 'neutral', weight: 0.5 },
  { expertId: 'gemini:c', text: DISSENTING, stance: 'neutral', weight: 0.5 },
  { expertId: 'ollama:d', text: AGREEING[2]!, stance: 'neutral', weight: 0.5 },
];

describe('buildConsensus', () => {
  it('puts the three agreeing experts in the majority', () => {
    const result = buildConsensus(panel(), { threshold: 0.3 });
    expect(result.majority.sort()).toEqual(['anthropic:a', 'ollama:d', 'openai:b']);
  });

  it('answers with a medoid of the majority cluster', () => {
    const result = buildConsensus(panel(), { threshold: 0.3 });
    expect(result.majority).toContain(result.answeredBy);
    expect(AGREEING).toContain(result.answer);
  });

  it('reports the dissenter with its answer', () => {
    const result = buildConsensus(panel(), { threshold: 0.3 });
    expect(result.dissent).toHaveLength(1);
    expect(result.dissent[0]?.experts).toEqual(['gemini:c']);
    expect(result.dissent[0]?.summary).toMatch(/^MongoDB suits this better/);
  });

  it('counts a recommendation made by three experts as three votes', () => {
    const result = buildConsensus(panel(), { threshold: 0.3 });
    const pooling = result.recommendations.find((r) => /pgbouncer/i.test(r.text));
    expect(pooling?.votes).toBe(3);
  });

  it('rates a 3-of-4 majority below a unanimous panel', () => {
    const split = buildConsensus(panel(), { threshold: 0.3 });
    const unanimous = buildConsensus(
      panel().filter((a) => a.expertId !== 'gemini:c'),
      { threshold: 0.3 },
    );
    expect(split.confidence).toBeLessThan(unanimous.confidence);
  });

  it('lets expert weights decide between two equal clusters', () => {
    const answers: ConsensusAnswer[] = [
      { expertId: 'x:1', text: AGREEING[0]!, stance: 'neutral', weight: 0.2 },
      { expertId: 'x:2', text: DISSENTING, stance: 'neutral', weight: 0.9 },
    ];
    expect(buildConsensus(answers, { threshold: 0.3 }).answeredBy).toBe('x:2');
  });

  it('counts a devil’s advocate at half weight', () => {
    const answers: ConsensusAnswer[] = [
      { expertId: 'x:1', text: AGREEING[0]!, stance: 'neutral', weight: 0.5 },
      { expertId: 'x:2', text: DISSENTING, stance: 'against', weight: 0.9 },
    ];
    expect(buildConsensus(answers, { threshold: 0.3 }).answeredBy).toBe('x:1');
  });

  it('returns no answer and confidence 0 without answers', () => {
    const result = buildConsensus([], { threshold: 0.3 });
    expect(result).toMatchObject({ answer: null, confidence: 0, confidenceLabel: 'none' });
  });

  it('finds the contradictions between two statements', () => {
    const result = buildConsensus(
      CONTRADICTING.map((text, i) => ({ expertId: `x:${i}`, text, stance: 'neutral' as const, weight: 0.5 })),
      { threshold: 0.3 },
    );
    expect(result.contradictions.map((c) => c.kind).sort()).toEqual(['negation', 'numeric']);
  });
});

describe('confidenceOf', () => {
  it('is 0 for an empty majority', () => {
    expect(confidenceOf(1, 1, 0, 0.3, 0)).toBe(0);
  });

  it('drops with contradictions inside the majority', () => {
    expect(confidenceOf(1, 0.8, 3, 0.3, 2)).toBeLessThan(confidenceOf(1, 0.8, 3, 0.3, 0));
  });
});
