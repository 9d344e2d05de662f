import { describe, expect, it } from 'vitest';
import { type Candidate, selectExperts } from './select-experts.js';

const c = (expertId: string, weight = 0.5, estimateUsd: number | null = 0.01, unavailable?: string): Candidate => ({
  expertId,
  provider: expertId.split(':')[0] as Candidate['provider'],
  weight,
  estimateUsd,
  ...(unavailable ? { unavailable } : {}),
});

describe('selectExperts', () => {
  it('prefers one expert per provider before a second model of the same provider', () => {
    const s = selectExperts({
      candidates: [c('openai:a', 0.9), c('openai:b', 0.8), c('gemini:c', 0.4)],
      defaults: [],
      max: 2,
      devilsAdvocate: false,
    });
    expect(s.chosen.map((x) => x.expertId)).toEqual(['openai:a', 'gemini:c']);
  });

  it('ranks by weight for the query type', () => {
    const s = selectExperts({
      candidates: [c('openai:a', 0.3), c('gemini:b', 0.8), c('anthropic:c', 0.6)],
      defaults: [],
      max: 2,
      devilsAdvocate: false,
    });
    expect(s.chosen.map((x) => x.expertId)).toEqual(['gemini:b', 'anthropic:c']);
  });

  it('leaves out experts that do not fit the budget and says why', () => {
    const s = selectExperts({
      candidates: [c('openai:a', 0.9, 0.5), c('gemini:b', 0.5, 0.01)],
      defaults: [],
      max: 2,
      budgetUsd: 0.1,
      devilsAdvocate: false,
    });
    expect(s.chosen.map((x) => x.expertId)).toEqual(['gemini:b']);
    expect(s.skipped).toEqual([{ expertId: 'openai:a', reason: 'over the budget' }]);
  });

  it('reports a named expert that cannot be asked instead of replacing it', () => {
    const s = selectExperts({
      candidates: [c('openai:a', 0.5, 0.01, 'circuit breaker open')],
      requested: ['openai:a'],
      defaults: [],
      max: 3,
      devilsAdvocate: false,
    });
    expect(s).toMatchObject({ mode: 'explicit', chosen: [], skipped: [{ expertId: 'openai:a', reason: 'circuit breaker open' }] });
  });

  it('uses the configured defaults when the query names nobody', () => {
    const s = selectExperts({ candidates: [c('openai:a'), c('gemini:b')], defaults: ['gemini:b'], max: 3, devilsAdvocate: false });
    expect(s).toMatchObject({ mode: 'defaults', chosen: [{ expertId: 'gemini:b' }] });
  });

  it('makes the lowest-weighted of three experts the devil’s advocate', () => {
    const s = selectExperts({
      candidates: [c('openai:a', 0.9), c('gemini:b', 0.2), c('anthropic:c', 0.6)],
      defaults: [],
      max: 3,
      devilsAdvocate: true,
    });
    expect(s.chosen.find((x) => x.stance === 'against')?.expertId).toBe('gemini:b');
  });

  it('keeps explicit stances and adds no devil’s advocate then', () => {
    const s = selectExperts({
      candidates: [c('openai:a'), c('gemini:b'), c('anthropic:c')],
      defaults: [],
      max: 3,
      stances: { 'openai:a': 'for' },
      devilsAdvocate: true,
    });
    expect(s.chosen.map((x) => x.stance).sort()).toEqual(['for', 'neutral', 'neutral']);
  });
});
