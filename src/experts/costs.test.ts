import { describe, expect, it } from 'vitest';
import { costOfCall, createPriceBook, estimateCallCost, sumCosts } from './costs.js';

describe('costs', () => {
  it('has no price for a model missing from the table', () => {
    expect(createPriceBook().priceOf('openai:no-such-model')).toBeUndefined();
  });

  it('prices a call from its usage', () => {
    const price = { inputPerMTok: 2, outputPerMTok: 10, asOf: 'x', source: 'y' };
    expect(costOfCall(price, { inputTokens: 1000, outputTokens: 500 })).toBe(0.007);
  });

  it('is null, not zero, without a price', () => {
    expect(costOfCall(undefined, { inputTokens: 1000, outputTokens: 500 })).toBeNull();
  });

  it('is null when the vendor reported no usage', () => {
    expect(costOfCall({ inputPerMTok: 1, outputPerMTok: 1, asOf: 'x', source: 'y' }, { inputTokens: null, outputTokens: 3 })).toBeNull();
  });

  it('prefers a cost the vendor reported', () => {
    expect(costOfCall(undefined, { inputTokens: 1, outputTokens: 1, reportedCostUsd: 0.0042 })).toBe(0.0042);
  });

  it('lets config prices override the table, with wildcards', () => {
    const book = createPriceBook({ 'openai:*': { inputPerMTok: 9, outputPerMTok: 9 } });
    expect(book.priceOf('openai:anything')).toMatchObject({ inputPerMTok: 9, source: 'experts.prices' });
  });

  it('charges local Ollama models nothing, by the table', () => {
    expect(createPriceBook().priceOf('ollama:llama3.2')).toMatchObject({ inputPerMTok: 0, outputPerMTok: 0 });
  });

  it('estimates the worst case with the full output cap', () => {
    expect(estimateCallCost({ inputPerMTok: 1, outputPerMTok: 4, asOf: 'x', source: 'y' }, 1000, 1000)).toBe(0.005);
  });

  it('makes a total with an unknown part unknown, keeping the known sum', () => {
    expect(sumCosts([0.1, null, 0.2])).toEqual({ totalUsd: null, knownUsd: 0.3, unknownParts: 1 });
  });
});
