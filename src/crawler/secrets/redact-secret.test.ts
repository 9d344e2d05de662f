import { describe, expect, it } from 'vitest';
import { shannonEntropy } from './entropy.js';
import { redactSecret } from './redact-secret.js';

describe('redactSecret', () => {
  it('keeps a vendor prefix and masks the rest', () => {
    expect(redactSecret('AKIA0123456789ABCDEF', 4)).toBe('AKIA************');
  });

  it('never shows more than a quarter of a short secret', () => {
    expect(redactSecret('hunter22', 6)).toBe('hu******');
  });
});

describe('shannonEntropy', () => {
  it('scores repetition low and random text high', () => {
    expect(shannonEntropy('aaaaaaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('Zq8vL2mR7pX4wN9tK3sH')).toBeGreaterThan(4);
  });
});
