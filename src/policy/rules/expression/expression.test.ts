import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../core/errors.js';
import { compileCondition, type ExprScope } from './compile-expression.js';
import { parseExpression } from './parse-expression.js';

const scope = (args: Record<string, unknown> = {}, extra: Partial<ExprScope> = {}): ExprScope => ({
  args,
  principal: { id: 'u1', name: 'alice', type: 'user', roles: ['operator'] },
  environment: 'production',
  operation: 'kubernetes_scale_deployment',
  effects: 'write',
  face: 'rest',
  production: true,
  ...extra,
});
const run = (source: string, args: Record<string, unknown> = {}) => compileCondition(source)(scope(args));
const parseError = (source: string): string => {
  try {
    parseExpression(source);
  } catch (e) {
    if (isAppError(e) && e.code === 'E_VALIDATION') return e.message;
    throw e;
  }
  throw new Error(`"${source}" parsed`);
};

describe('rule conditions', () => {
  it.each([
    ['args.replicas == 0', { replicas: 0 }, true],
    ['args.replicas == 0', { replicas: 1 }, false],
    ['args.replicas < 2 && environment == "production"', { replicas: 1 }, true],
    ['args.replicas > 2 || production', { replicas: 1 }, true],
    ['not production', {}, false],
    ['!(args.a == 1)', { a: 2 }, true],
    ['args.name in ["api", "web"]', { name: 'web' }, true],
    ['args.name not in ["api", "web"]', { name: 'db' }, true],
    ['"prod" in args.namespace', { namespace: 'eu-prod-1' }, true],
    ['"operator" in principal.roles', {}, true],
    ['args.spec.containers[0].image == "nginx"', { spec: { containers: [{ image: 'nginx' }] } }, true],
    ['args["dash-key"] == 1', { 'dash-key': 1 }, true],
    ['len(args.names) > 2', { names: ['a', 'b', 'c'] }, true],
    ['startsWith(args.namespace, "prod-")', { namespace: 'prod-eu' }, true],
    ['endsWith(lower(args.image), ":latest")', { image: 'NGINX:LATEST' }, true],
    ['contains(args.tags, "pci")', { tags: ['pci', 'eu'] }, true],
    ['glob(args.namespace, "prod-*")', { namespace: 'prod-eu' }, true],
    ['glob(args.namespaces, "kube-*")', { namespaces: ['a', 'kube-system'] }, true],
    ['exists(args.force)', { force: false }, true],
    ['exists(args.force)', {}, false],
    ['args.replicas * 2 + 1 == 7', { replicas: 3 }, true],
    ['args.previous - args.replicas > args.previous / 2', { previous: 10, replicas: 2 }, true],
    ['-args.x == -3', { x: 3 }, true],
    ['args.a + args.b == "ab"', { a: 'a', b: 'b' }, true],
    ['args.missing == null', {}, true],
    ['args.missing.deeper.still == null', {}, true],
  ])('evaluates %s over %j to %s', (source, args, expected) => {
    expect(run(source, args)).toBe(expected);
  });

  it('compares only like types with < and >', () => {
    expect(run('args.n > 1', { n: '5' })).toBe(false);
    expect(run('args.s > "a"', { s: 'b' })).toBe(true);
  });

  it('yields null instead of infinities', () => {
    expect(run('args.n / 0 == null', { n: 1 })).toBe(true);
  });

  it('sees only the documented roots', () => {
    expect(parseError('process.exit(1)')).toContain('unknown name "process"');
    expect(parseError('globalThis')).toContain('unknown name');
  });

  it('calls only the documented functions', () => {
    expect(parseError('eval("1")')).toContain('unknown function "eval"');
    expect(parseError('require("fs")')).toContain('unknown function');
  });

  it('cannot call a member', () => {
    expect(parseError('args.constructor("x")')).toContain('unexpected text');
  });

  it.each([
    'args.__proto__',
    'args.constructor',
    'args["__proto__"]',
    'args.toString',
    'args.hasOwnProperty',
    'principal.constructor',
    'args.list.length',
    'args.s.length',
  ])('reads no inherited member through %s', (source) => {
    expect(run(`${source} == null`, { list: [1, 2], s: 'abc' })).toBe(true);
  });

  it('reads no prototype of an own __proto__ key from JSON', () => {
    const args = JSON.parse('{"__proto__": {"admin": true}}') as Record<string, unknown>;
    expect(run('args.__proto__.admin == true', args)).toBe(false);
  });

  it('does not pollute prototypes', () => {
    run('args.__proto__ == 1 || args.constructor.prototype.polluted == 1', {});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the position of a syntax error', () => {
    expect(parseError('args.a ==')).toMatch(/character 10/);
    expect(parseError('args.a == "x')).toContain('unterminated string');
    expect(parseError('args.a @ 1')).toContain('unexpected character');
  });

  it('refuses deep nesting instead of overflowing the stack', () => {
    expect(parseError(`${'('.repeat(5_00)}1${')'.repeat(500)}`)).toContain('nesting deeper than');
    expect(parseError(`${'!'.repeat(100)}true`)).toContain('nesting deeper than');
  });

  it('refuses an overlong condition', () => {
    expect(parseError(`args.a == "${'x'.repeat(5_000)}"`)).toContain('longer than');
  });

  it('refuses too many tokens', () => {
    expect(parseError(Array.from({ length: 700 }, () => '1').join('+'))).toContain('tokens');
  });

  it('never throws while evaluating arbitrary arguments', () => {
    const when = compileCondition('args.a.b[0] > 1 && len(args.c) == 2 || glob(args.d, "x*") || args.e + 1 == 2 || "k" in args.f');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const args = { a: value, b: value, c: value, d: value, e: value, f: value };
        expect(typeof when(scope(args))).toBe('boolean');
      }),
    );
  });

  it('never throws anything but a validation error while parsing arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (source) => {
        try {
          parseExpression(source);
        } catch (e) {
          expect(isAppError(e) && e.code === 'E_VALIDATION').toBe(true);
        }
      }),
    );
  });

  it('evaluates a long condition in bounded time', () => {
    const source = Array.from({ length: 100 }, (_, i) => `glob(args.s, "*a*a*a*${i}")`).join(' || ');
    const when = compileCondition(source);
    const started = performance.now();
    when(scope({ s: 'a'.repeat(10_000) }));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
