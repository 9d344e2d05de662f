import { describe, expect, it } from 'vitest';
import { compileGlob } from './path-glob.js';

const m = (glob: string, path: string) => compileGlob(glob).matches(path);

describe('path globs', () => {
  it('matches a name pattern at any depth', () => {
    expect(m('*.ts', 'a.ts')).toBe(true);
    expect(m('*.ts', 'src/deep/a.ts')).toBe(true);
    expect(m('*.ts', 'src/a.tsx')).toBe(false);
  });

  it('keeps * inside one path component when the pattern has a slash', () => {
    expect(m('src/*.ts', 'src/a.ts')).toBe(true);
    expect(m('src/*.ts', 'src/x/a.ts')).toBe(false);
  });

  it('lets ** span zero or more directories', () => {
    expect(m('src/**/*.ts', 'src/a.ts')).toBe(true);
    expect(m('src/**/*.ts', 'src/x/y/a.ts')).toBe(true);
    expect(m('**/test/*.ts', 'test/a.ts')).toBe(true);
    expect(m('src/**', 'src/x/y')).toBe(true);
  });

  it('supports ?, classes, negated classes and braces', () => {
    expect(m('a?.md', 'ab.md')).toBe(true);
    expect(m('[ab].md', 'b.md')).toBe(true);
    expect(m('[!ab].md', 'c.md')).toBe(true);
    expect(m('[!ab].md', 'a.md')).toBe(false);
    expect(m('*.{ts,js}', 'x.js')).toBe(true);
    expect(m('*.{ts,js}', 'x.py')).toBe(false);
    expect(m('{src,test/{unit,e2e}}/*.ts', 'test/e2e/a.ts')).toBe(true);
  });

  it('refuses a brace pattern that expands to too many alternatives', () => {
    expect(() => compileGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}')).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
  });

  it('treats regex characters literally', () => {
    expect(m('a+b(1).txt', 'a+b(1).txt')).toBe(true);
    expect(m('a.txt', 'abtxt')).toBe(false);
  });

  it('ignores a leading ./', () => {
    expect(m('./src/*.ts', 'src/a.ts')).toBe(true);
  });

  it('refuses unbalanced brackets and braces with E_VALIDATION', () => {
    expect(() => compileGlob('[ab')).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
    expect(() => compileGlob('{a,b')).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
  });

  it('matches long adversarial names in linear time', () => {
    const started = performance.now();
    expect(m('*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
