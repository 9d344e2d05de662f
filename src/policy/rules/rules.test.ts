import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.js';
import { REDACTED } from '../../security/redact.js';
import { redactPaths } from './compile-rule.js';
import { parseRule, parseRuleFile } from './rule-file.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/policy/${name}`, import.meta.url), 'utf8');
const validationError = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (isAppError(e) && e.code === 'E_VALIDATION') return e.message;
    throw e;
  }
  throw new Error('no error');
};

describe('rule files', () => {
  it('reads the sample rule file with its tests', () => {
    const file = parseRuleFile(fixture('team-rules.yaml'), 'team-rules.yaml');
    expect(file.rules.map((r) => r.id)).toContain('no-friday-prod-deploys');
    expect(file.tests.length).toBeGreaterThan(5);
  });

  it('applies defaults', () => {
    const rule = parseRule({ id: 'x', effect: 'deny', reason: 'no' });
    expect(rule).toMatchObject({ match: { operations: ['*'], exceptOperations: [] }, dryRun: false, enabled: true });
  });

  it('names the file and the field of a bad rule', () => {
    const text = 'rules:\n  - id: x\n    effect: maybe\n    reason: r\n';
    expect(validationError(() => parseRuleFile(text, 'bad.yaml'))).toMatch(/^bad\.yaml: rules\.0\.effect/);
  });

  it('refuses a bad condition when the file is read', () => {
    const text = 'rules:\n  - id: x\n    effect: deny\n    reason: r\n    match: { when: "process.exit()" }\n';
    expect(validationError(() => parseRuleFile(text, 'bad.yaml'))).toContain('unknown name "process"');
  });

  it('refuses duplicate rule ids', () => {
    const text = 'rules:\n  - { id: x, effect: deny, reason: r }\n  - { id: x, effect: allow, reason: r }\n';
    expect(validationError(() => parseRuleFile(text, 'dup.yaml'))).toContain('duplicate rule id "x"');
  });

  it('refuses unknown keys (a typo is not silently ignored)', () => {
    expect(validationError(() => parseRule({ id: 'x', effect: 'deny', reason: 'r', match: { operation: ['a'] } }))).toContain('operation');
  });

  it('needs redact paths exactly for redact rules', () => {
    expect(validationError(() => parseRule({ id: 'x', effect: 'redact', reason: 'r' }))).toContain('redact');
    expect(validationError(() => parseRule({ id: 'x', effect: 'deny', reason: 'r', redact: ['a'] }))).toContain('redact');
  });

  it('reserves the id "default"', () => {
    expect(validationError(() => parseRule({ id: 'default', effect: 'deny', reason: 'r' }))).toContain('reserved');
  });

  it('refuses invalid YAML with a short message', () => {
    expect(validationError(() => parseRuleFile('rules: [', 'x.yaml'))).toMatch(/^x\.yaml: not valid YAML/);
  });

  it('refuses alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect(validationError(() => parseRuleFile(bomb, 'bomb.yaml'))).toContain('bomb.yaml');
  });

  it('does not turn YAML tags into code or objects', () => {
    const text = 'rules:\n  - id: x\n    effect: !!js/function "function () {}"\n    reason: r\n';
    expect(() => parseRuleFile(text, 'tag.yaml')).toThrow();
  });
});

describe('redaction paths', () => {
  it('replaces a top-level argument', () => {
    expect(redactPaths(['password'])({ user: 'a', password: 'p' })).toEqual({ user: 'a', password: REDACTED });
  });

  it('replaces through wildcards in lists and maps', () => {
    const input = {
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      headers: { x: 'y' },
    };
    expect(redactPaths(['env.*.value', 'headers.*'])(input)).toEqual({
      env: [
        { name: 'A', value: REDACTED },
        { name: 'B', value: REDACTED },
      ],
      headers: { x: REDACTED },
    });
  });

  it('leaves missing paths and the original input alone', () => {
    const input = { a: { b: 1 } };
    expect(redactPaths(['a.c', 'x.y'])(input)).toEqual({ a: { b: 1 } });
    redactPaths(['a.b'])(input);
    expect(input).toEqual({ a: { b: 1 } });
  });

  it('keeps an own __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__": {"secret": "s"}}');
    const out = redactPaths(['__proto__.secret'])(input);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).secret).toBeUndefined();
  });
});
