import { describe, expect, it } from 'vitest';
import { isPlaceholder, isSuppressed } from './allowlist.js';

describe('placeholder allowlist', () => {
  it.each([
    'AKIAIOSFODNN7EXAMPLE',
    'xxxxxxxxxxxxxxxx',
    '<your-api-key>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is one of the inputs.
    '${API_TOKEN}',
    '{{ token }}',
    '{password}',
    '$API_TOKEN',
    'your_api_key_here',
    '********',
    'changeme123',
  ])('treats %s as a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it('does not treat random keys as placeholders', () => {
    expect(isPlaceholder('Zq8vL2mR7pX4wN9tK3sH')).toBe(false);
  });
});

describe('code-engine:allow', () => {
  it('allows every rule when it names none', () => {
    expect(isSuppressed(['x // code-engine:allow'], 0, 'secret/jwt')).toBe(true);
  });

  it('allows only the rules it names, with or without the prefix', () => {
    expect(isSuppressed(['# code-engine:allow jwt, secret/npm-token'], 0, 'secret/npm-token')).toBe(true);
    expect(isSuppressed(['# code-engine:allow jwt'], 0, 'secret/github-pat')).toBe(false);
  });

  it('applies from the line above but not from two lines above', () => {
    expect(isSuppressed(['/* code-engine:allow */', 'x'], 1, 'secret/jwt')).toBe(true);
    expect(isSuppressed(['<!-- code-engine:allow -->', '', 'x'], 2, 'secret/jwt')).toBe(false);
  });
});
