import { describe, expect, it } from 'vitest';
import { evaluateLicense, licenseOf, violatesPolicy } from './license-policy.js';

const open = { allow: [], deny: ['GPL-*', 'AGPL-*'] };
const strict = { allow: ['MIT', 'Apache-2.0', 'BSD-*'], deny: ['GPL-*'] };

describe('licenseOf', () => {
  it('reads an SPDX string', () => {
    expect(licenseOf({ license: 'MIT' })).toBe('MIT');
  });

  it('reads a legacy { type } object', () => {
    expect(licenseOf({ license: { type: 'ISC', url: 'x' } })).toBe('ISC');
  });

  it('joins a legacy licenses array with OR', () => {
    expect(licenseOf({ licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] })).toBe('MIT OR Apache-2.0');
  });

  it('answers undefined without a licence', () => {
    expect(licenseOf({ name: 'x' })).toBeUndefined();
  });
});

describe('evaluateLicense', () => {
  it('allows anything not denied when the allow list is empty', () => {
    expect(evaluateLicense('WTFPL', open)).toBe('allowed');
  });

  it('denies by glob, case-insensitively', () => {
    expect(evaluateLicense('gpl-3.0-only', open)).toBe('denied');
  });

  it('marks a licence off a non-empty allow list as unlisted', () => {
    expect(evaluateLicense('ISC', strict)).toBe('unlisted');
  });

  it('passes an OR expression when one side is allowed', () => {
    expect(evaluateLicense('(GPL-3.0-only OR MIT)', strict)).toBe('allowed');
  });

  it('fails an AND expression when one side is denied', () => {
    expect(evaluateLicense('MIT AND GPL-2.0-only', strict)).toBe('denied');
  });

  it('judges a WITH exception by its licence', () => {
    expect(evaluateLicense('GPL-2.0-only WITH Classpath-exception-2.0', open)).toBe('denied');
  });

  it('judges "GPL-2.0+" like its base id', () => {
    expect(evaluateLicense('GPL-2.0+', { allow: ['GPL-2.0'], deny: [] })).toBe('allowed');
  });

  it('answers unknown without a licence or for SEE LICENSE IN', () => {
    expect(evaluateLicense(undefined, open)).toBe('unknown');
    expect(evaluateLicense('SEE LICENSE IN LICENSE.md', open)).toBe('unknown');
  });

  it('answers unknown for text that is not an expression', () => {
    expect(evaluateLicense('MIT AND (', open)).toBe('unknown');
  });
});

describe('violatesPolicy', () => {
  it('counts unlisted licences only under an allow list', () => {
    expect(violatesPolicy('unlisted', strict)).toBe(true);
    expect(violatesPolicy('unknown', strict)).toBe(false);
    expect(violatesPolicy('denied', open)).toBe(true);
  });
});
