import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeywordMatcher } from './keyword-matcher.js';

function hits(keywords: string[], text: string): string[] {
  const out: string[] = [];
  createKeywordMatcher(keywords).scan(text, (k, end) => out.push(`${keywords[k]}@${end}`));
  return out.sort();
}

describe('keyword matcher (Aho–Corasick)', () => {
  it('reports overlapping and nested keywords', () => {
    expect(hits(['he', 'she', 'his', 'hers'], 'ushers')).toEqual(['he@4', 'hers@6', 'she@4']);
  });

  it('matches ASCII case-insensitively', () => {
    expect(hits(['akia', 'ghp_'], 'AKIA and GhP_')).toEqual(['akia@4', 'ghp_@13']);
  });

  it('finds keywords next to non-ASCII characters', () => {
    expect(hits(['token'], 'tok€en ßtokenü')).toEqual(['token@13']);
  });

  it('lists which keywords are present', () => {
    expect([...createKeywordMatcher(['a1', 'b2', 'c3']).present('xx c3 a1')].sort()).toEqual([0, 2]);
  });

  it('rejects empty and non-ASCII keywords', () => {
    expect(() => createKeywordMatcher([''])).toThrow(/non-empty ASCII/);
    expect(() => createKeywordMatcher(['clé'])).toThrow(/non-empty ASCII/);
  });

  it('finds exactly what indexOf finds, on random texts and keywords', () => {
    const alphabet = fc.constantFrom('a', 'b', 'A', 'c', '_', 'ā', '€');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.string({ unit: alphabet, maxLength: 60 }),
        (keywords, text) => {
          const expected: string[] = [];
          const lower = text.toLowerCase();
          keywords.forEach((k, i) => {
            for (let at = lower.indexOf(k); at !== -1; at = lower.indexOf(k, at + 1)) expected.push(`${i}@${at + k.length}`);
          });
          const actual: string[] = [];
          createKeywordMatcher(keywords).scan(text, (k, end) => actual.push(`${k}@${end}`));
          expect(actual.sort()).toEqual(expected.sort());
        },
      ),
    );
  });
});
