import { describe, expect, it } from 'vitest';
import { hasNestedQuantifier, isCredentialName, isCredentialValue, isTestPath } from './predicates.js';

describe('hasNestedQuantifier', () => {
  it.each(['(a+)+', '^(\\w*)*$', '([a-z]+\\s?)*x', '(x+){2,}', '((ab)+)+', '^([a-zA-Z0-9_.-]+)+@', '(a|aa)+b(c+)*'])('flags %s', (p) => {
    expect(hasNestedQuantifier(p)).toBe(true);
  });

  it.each([
    '^\\s*=\\s*\\"([^\\"\\\\]*(?:\\\\.[^\\"\\\\]*)*)\\"',
    '^(\\d+|\\w+)(\\.\\w+|\\[[^]]+\\])*$',
    'a+b+',
    '(ab)+',
    '^(?:[a-z0-9-]+\\.)+[a-z]{2,}$',
    '(\\d{3})+',
    '[(a+)+]',
    '\\(a+\\)+',
    '(a+b)?',
  ])('accepts %s', (p) => {
    expect(hasNestedQuantifier(p)).toBe(false);
  });
});

describe('credential heuristics', () => {
  it('recognises credential names but not metadata about them', () => {
    expect(['password', 'DB_PASSWORD', 'apiKey', 'client_secret', '"auth_token"'].every(isCredentialName)).toBe(true);
    expect(['passwordField', 'tokenUrl', 'PASSWORD_MIN_LENGTH', 'secretName'].some(isCredentialName)).toBe(false);
  });

  it('rejects placeholders, environment names and paths as values', () => {
    expect(isCredentialValue('Tr0ub4dor&3')).toBe(true);
    expect(['changeme', 'DB_PASSWORD', '/run/secrets/db', 'abc', '<password>'].some(isCredentialValue)).toBe(false);
  });
});

describe('isTestPath', () => {
  it('recognises test folders, fixtures and test file names', () => {
    expect(
      ['test/a.js', 'src/__tests__/x.ts', 'lib/a.test.ts', 'pkg/spec/b.js', 'tests/test_views.py', 'app/models_test.py'].every(isTestPath),
    ).toBe(true);
    expect(['src/app.ts', 'lib/testing-utils.js', 'contest/app.py'].some(isTestPath)).toBe(false);
  });
});
