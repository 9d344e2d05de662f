import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 0 }] } })).toBe('{"a":{"c":[3,{"e":0,"f":1}],"d":2},"b":1}');
  });

  it('gives the same text whatever the insertion order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it('drops undefined properties and writes undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
  });

  it('writes dates through toJSON, bigints as strings and non-finite numbers as null', () => {
    expect(canonicalJson({ d: new Date(0), n: 10n, x: Number.NaN })).toBe('{"d":"1970-01-01T00:00:00.000Z","n":"10","x":null}');
  });

  it('is a fixed point of JSON.parse', () => {
    const text = canonicalJson({ s: 'é\u0001"', n: 1e21, m: -0, z: [1.5] });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });

  it('rejects cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow(/cyclic/);
  });
});
