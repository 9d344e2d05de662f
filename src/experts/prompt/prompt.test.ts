import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/errors.js';
import { buildExpertRequest } from './build-request.js';
import { fitContext } from './context.js';
import { fitHistory } from './history.js';
import { estimateTokens, truncateToTokens } from './tokens.js';

describe('token estimates', () => {
  it('rounds characters per token up', () => {
    expect(estimateTokens('abcde', 4)).toBe(2);
  });

  it('marks a cut in the text and stays within the budget', () => {
    const t = truncateToTokens('line\n'.repeat(1000), 100, 4);
    expect(t).toMatchObject({ truncated: true, originalTokens: 1250 });
    expect(t.keptTokens).toBeLessThanOrEqual(100);
    expect(t.text).toMatch(/truncated: about 1250 tokens/);
  });
});

describe('fitContext', () => {
  it('keeps small items whole and cuts the large one', () => {
    const f = fitContext(
      [
        { name: 'small', kind: 'snippet', text: 'a'.repeat(40) },
        { name: 'large', kind: 'file', text: 'b'.repeat(40_000) },
      ],
      500,
      4,
    );
    expect(f.cuts.map((c) => c.name)).toEqual(['large']);
    expect(f.tokens).toBeLessThanOrEqual(500);
    expect(f.text).toContain('<context name="small" kind="snippet">');
  });

  it('reports an item dropped when there is no room at all', () => {
    expect(fitContext([{ name: 'x', kind: 'snippet', text: 'abc' }], 0, 4).cuts).toEqual([
      { name: 'x', originalTokens: 1, keptTokens: 0, dropped: true },
    ]);
  });
});

describe('fitHistory', () => {
  const turns = [1, 2, 3].map((i) => ({ question: `Question ${i}. ${'q'.repeat(400)}`, answer: `Answer ${i}. ${'a'.repeat(400)}` }));

  it('keeps the newest turns and summarises the dropped ones', () => {
    const h = fitHistory(turns, 300, 4);
    expect(h).toMatchObject({ includedTurns: 1, droppedTurns: 2, summarised: true });
    expect(h.messages[0]?.content).toMatch(/summarised/);
    expect(h.messages.at(-2)?.content).toMatch(/^Question 3/);
  });

  it('drops old turns without a summary when even that does not fit', () => {
    expect(fitHistory(turns, 10, 4)).toMatchObject({ includedTurns: 0, droppedTurns: 3, summarised: false, messages: [] });
  });
});

describe('buildExpertRequest', () => {
  const base = {
    question: 'Q?',
    type: 'security' as const,
    stance: 'neutral' as const,
    context: [],
    history: [],
    model: 'm',
    charsPerToken: 4,
    maxOutputTokens: 100,
  };

  it('ends with the question as the last user message', () => {
    const b = buildExpertRequest({ ...base, contextTokens: 10_000 });
    expect(b.request.messages.at(-1)).toEqual({ role: 'user', content: 'Q?' });
    expect(b.request.system).toMatch(/security reviewer/);
  });

  it('refuses when the question and output cap exceed the window', () => {
    const error = (() => {
      try {
        buildExpertRequest({ ...base, contextTokens: 120 });
      } catch (e) {
        return e;
      }
    })();
    expect(hasCode(error, 'E_VALIDATION')).toBe(true);
  });
});
