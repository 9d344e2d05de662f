import { describe, expect, it } from 'vitest';
import { compareMaven } from './maven.js';

// Ascending orders from Maven's own ComparableVersionTest.
const QUALIFIERS = [
  '1-alpha2snapshot',
  '1-alpha2',
  '1-alpha-123',
  '1-beta-2',
  '1-beta123',
  '1-m2',
  '1-m11',
  '1-rc',
  '1-cr2',
  '1-rc123',
  '1-SNAPSHOT',
  '1',
  '1-sp',
  '1-sp2',
  '1-sp123',
  '1-abc',
  '1-def',
  '1-pom-1',
  '1-1-snapshot',
  '1-1',
  '1-2',
  '1-123',
];
const NUMBERS = [
  '2.0',
  '2-1',
  '2.0.a',
  '2.0.0.a',
  '2.0.2',
  '2.0.123',
  '2.1.0',
  '2.1-a',
  '2.1b',
  '2.1-c',
  '2.1-1',
  '2.1.0.1',
  '2.2',
  '2.123',
];

describe('Maven versions', () => {
  it.each([
    ['qualifiers', QUALIFIERS],
    ['numbers', NUMBERS],
  ])('orders the %s of ComparableVersionTest', (_name, ordered) => {
    for (let i = 0; i < ordered.length; i++)
      for (let j = i + 1; j < ordered.length; j++) {
        expect(compareMaven(ordered[i] as string, ordered[j] as string), `${ordered[i]} < ${ordered[j]}`).toBe(-1);
        expect(compareMaven(ordered[j] as string, ordered[i] as string), `${ordered[j]} > ${ordered[i]}`).toBe(1);
      }
  });

  it.each([
    ['1', '1.0.0'],
    ['1', '1-0'],
    ['1.0-0', '1'],
    ['1ga', '1'],
    ['1final', '1.0'],
    ['1release', '1'],
    ['1cr', '1rc'],
    ['1a1', '1-alpha-1'],
    ['1b2', '1-beta-2'],
    ['1m3', '1-milestone-3'],
    ['1X', '1x'],
  ])('treats %s and %s as equal', (a, b) => {
    expect(compareMaven(a, b)).toBe(0);
  });
});
