import { describe, expect, it } from 'vitest';
import { agreementDeltas, evidenceOf, feedbackDeltas, weightOf } from './weights.js';

describe('weights', () => {
  it('starts every expert at 0.5', () => {
    expect(weightOf(undefined)).toBe(0.5);
  });

  it('is the posterior mean', () => {
    expect(weightOf({ alpha: 3, beta: 1 })).toBe(0.75);
    expect(evidenceOf({ alpha: 3, beta: 1 })).toBe(2);
  });

  it('moves the majority up and neutral dissenters down after a consult', () => {
    const deltas = agreementDeltas(
      'review',
      [
        { expertId: 'a', stance: 'neutral' },
        { expertId: 'b', stance: 'neutral' },
        { expertId: 'c', stance: 'neutral' },
      ],
      ['a', 'b'],
    );
    expect(deltas).toEqual([
      { expertId: 'a', queryType: 'review', alpha: 0.25, beta: 0 },
      { expertId: 'b', queryType: 'review', alpha: 0.25, beta: 0 },
      { expertId: 'c', queryType: 'review', alpha: 0, beta: 0.25 },
    ]);
  });

  it('leaves a devil’s advocate’s weight alone', () => {
    expect(
      agreementDeltas(
        'review',
        [
          { expertId: 'a', stance: 'neutral' },
          { expertId: 'b', stance: 'neutral' },
          { expertId: 'c', stance: 'against' },
        ],
        ['a', 'b'],
      ).map((d) => d.expertId),
    ).toEqual(['a', 'b']);
  });

  it('moves nothing when only one expert answered', () => {
    expect(agreementDeltas('review', [{ expertId: 'a', stance: 'neutral' }], ['a'])).toEqual([]);
  });

  it('counts a down vote as one failure', () => {
    expect(feedbackDeltas('debug', 'down', ['a'])).toEqual([{ expertId: 'a', queryType: 'debug', alpha: 0, beta: 1 }]);
  });
});
