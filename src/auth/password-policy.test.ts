import { describe, expect, it } from 'vitest';
import { assertPasswordAllowed, passwordProblems } from './password-policy.js';

const policy = { minLength: 12, maxLength: 64, rejectUserInfo: true };
const owner = { username: 'dana', email: 'dana.smith@example.com' };

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblems(policy, 'correct horse battery', owner)).toEqual([]);
  });

  it('requires the minimum length', () => {
    expect(passwordProblems(policy, 'short', owner)).toEqual(['must be at least 12 characters']);
  });

  it('enforces the maximum length', () => {
    expect(passwordProblems(policy, 'x'.repeat(10) + 'y'.repeat(60), owner)).toEqual(['must be at most 64 characters']);
  });

  it('rejects the email or its local part', () => {
    expect(passwordProblems(policy, 'DANA.SMITH@example.com', owner)).toContain('must not equal the username or email');
    expect(passwordProblems({ ...policy, minLength: 8 }, 'dana.smith', owner)).toContain('must not equal the username or email');
  });

  it('rejects the username', () => {
    expect(passwordProblems({ ...policy, minLength: 8 }, 'longusername', { username: 'longusername' })).toContain(
      'must not equal the username or email',
    );
  });

  it('rejects one repeated character', () => {
    expect(passwordProblems(policy, 'aaaaaaaaaaaaaa', owner)).toContain('must not repeat one character');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblems(policy, '🔐'.repeat(11) + 'x', owner)).toEqual([]);
  });

  it('throws E_VALIDATION with one issue per rule', () => {
    expect(() => assertPasswordAllowed(policy, 'short', owner)).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION', issues: [{ path: 'password', message: 'must be at least 12 characters' }] }),
    );
  });
});
