import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CATALOGUE, hasCode, isAppError, isErrorCode, toAppError } from './errors.js';

describe('error catalogue', () => {
  it('matches docs/errors.md code for code and status for status', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\|\s*`(E_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(Object.entries(ERROR_CATALOGUE).map(([code, v]) => [code, v.status])));
  });

  it('uses codes that are upper snake case with the E_ prefix', () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(code).toMatch(/^E_[A-Z]+(_[A-Z]+)*$/);
  });
});

describe('AppError', () => {
  it('takes its status from the catalogue', () => {
    expect(new AppError('E_NOT_FOUND', 'x').status).toBe(404);
  });

  it('is recognised by brand, not by class identity', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('code-engine.AppError')]: true, code: 'E_TIMEOUT' });
    expect(isAppError(foreign)).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
  });

  it('marks transient failures retryable by default', () => {
    expect(new AppError('E_UPSTREAM', 'x').retryable).toBe(true);
    expect(new AppError('E_VALIDATION', 'x').retryable).toBe(false);
    expect(new AppError('E_VALIDATION', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('hides unknown errors behind E_INTERNAL with the original as cause', () => {
    const original = new Error('db password is hunter2');
    const wrapped = toAppError(original);
    expect(wrapped.code).toBe('E_INTERNAL');
    expect(wrapped.message).not.toContain('hunter2');
    expect(wrapped.cause).toBe(original);
  });

  it('maps aborts to E_CANCELLED', () => {
    const abort = new DOMException('aborted', 'AbortError');
    expect(hasCode(toAppError(abort), 'E_CANCELLED')).toBe(true);
  });

  it('validates codes from outside', () => {
    expect(isErrorCode('E_TIMEOUT')).toBe(true);
    expect(isErrorCode('E_NOPE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});
