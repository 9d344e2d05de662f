import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { httpFailureToError, networkError, parseDurationMs, parseRetryAfter } from './errors.js';

describe('retry-after', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '3' }), 0)).toBe(3000);
  });

  it('reads an HTTP date relative to now', () => {
    expect(
      parseRetryAfter(new Headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:10 GMT' }), Date.parse('Wed, 21 Oct 2026 07:28:00 GMT')),
    ).toBe(10_000);
  });

  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), 0)).toBe(250);
  });

  it('reads Go durations', () => {
    expect(parseDurationMs('6m0s')).toBe(360_000);
    expect(parseDurationMs('250ms')).toBe(250);
  });
});

describe('httpFailureToError', () => {
  it('maps 401 to a non-retryable upstream failure naming the config key', () => {
    const e = httpFailureToError({ provider: 'gemini', status: 401 });
    expect(e).toMatchObject({ code: 'E_UPSTREAM', retryable: false });
    expect(e.message).toMatch(/providers\.gemini\.apiKey/);
  });

  it('maps 500 to a retryable upstream failure', () => {
    expect(httpFailureToError({ provider: 'openai', status: 500 })).toMatchObject({ code: 'E_UPSTREAM', retryable: true });
  });

  it('keeps the retry hint on a rate limit', () => {
    expect(httpFailureToError({ provider: 'openai', status: 429, retryAfterMs: 1200 })).toMatchObject({
      code: 'E_RATE_LIMITED',
      retryAfterMs: 1200,
    });
  });
});

describe('networkError', () => {
  it('passes an AppError from the fetch (the SSRF guard) through unchanged', () => {
    const blocked = new AppError('E_FORBIDDEN', 'Outbound request is blocked.');
    expect(networkError('ollama', blocked)).toBe(blocked);
  });
});
