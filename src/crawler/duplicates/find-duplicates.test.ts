import { describe, expect, it } from 'vitest';
import { type DuplicateCandidate, findDuplicates } from './find-duplicates.js';
import { hammingDistance, simhash, tokenize } from './simhash.js';

const body = (extra: string) =>
  `function total(items) {\n  let sum = 0;\n  for (const item of items) {\n    if (item.price > 0) sum += item.price * item.quantity;\n  }\n  ${extra}\n  return sum;\n}`;

const candidate = (file: string, text: string): DuplicateCandidate => {
  const tokens = tokenize(text);
  return { file, startLine: 1, endLine: 8, simhash: simhash(tokens) as string, tokens: tokens.length };
};

describe('simhash', () => {
  it('gives identical token streams the same hash regardless of layout', () => {
    expect(simhash(tokenize('a  =  b +\n c;'))).toBe(simhash(tokenize('a = b + c;')));
  });

  it('gives a small edit a small distance and unrelated code a large one', () => {
    const a = simhash(tokenize(body('log(sum);'))) as string;
    const b = simhash(tokenize(body('log(total);'))) as string;
    const c = simhash(tokenize('class Server { listen(port) { return http.createServer(this.handler).listen(port); } }')) as string;
    expect(hammingDistance(a, b)).toBeLessThan(hammingDistance(a, c));
    expect(hammingDistance(a, c)).toBeGreaterThan(10);
  });

  it('returns undefined below the minimum token count', () => {
    expect(simhash(tokenize('a b'), 10)).toBeUndefined();
  });
});

describe('findDuplicates', () => {
  it('clusters exact copies with similarity 1', () => {
    const clusters = findDuplicates('file', [candidate('a.js', body('')), candidate('b.js', body('')), candidate('c.js', 'other();')]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.similarity).toBe(1);
    expect(clusters[0]?.members.map((m) => m.file)).toEqual(['a.js', 'b.js']);
  });

  it('leaves unrelated items unclustered', () => {
    expect(findDuplicates('file', [candidate('a.js', body('')), candidate('c.js', 'class A { m() { return 1; } }')])).toEqual([]);
  });
});
