import { describe, expect, it } from 'vitest';
import { retryAfterFromHeaders } from './retry-after.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe('retry-after headers', () => {
  it('reads Retry-After in seconds', () => {
    expect(retryAfterFromHeaders({ 'retry-after': '2' }, NOW)).toBe(2_000);
    expect(retryAfterFromHeaders({ 'Retry-After': '0.5' }, NOW)).toBe(500);
  });

  it('reads Retry-After as an HTTP date', () => {
    expect(retryAfterFromHeaders({ 'retry-after': 'Sun, 01 Jun 2025 12:00:30 GMT' }, NOW)).toBe(30_000);
    expect(retryAfterFromHeaders({ 'retry-after': 'Sun, 01 Jun 2025 11:00:00 GMT' }, NOW)).toBe(0);
  });

  it('prefers retry-after-ms', () => {
    expect(retryAfterFromHeaders({ 'retry-after-ms': '150', 'retry-after': '9' }, NOW)).toBe(150);
  });

  it('reads fetch Headers', () => {
    expect(retryAfterFromHeaders(new Headers({ 'Retry-After': '3' }), NOW)).toBe(3_000);
  });

  it('reads OpenAI reset durations of the exhausted limit', () => {
    const headers = {
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '6m0s',
      'x-ratelimit-remaining-tokens': '1200',
      'x-ratelimit-reset-tokens': '20ms',
    };
    expect(retryAfterFromHeaders(headers, NOW)).toBe(360_000);
  });

  it('reads Anthropic RFC 3339 resets', () => {
    const headers = {
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2025-06-01T12:00:07Z',
      'anthropic-ratelimit-tokens-remaining': '0',
      'anthropic-ratelimit-tokens-reset': '2025-06-01T12:00:12Z',
    };
    expect(retryAfterFromHeaders(headers, NOW)).toBe(12_000);
  });

  it('reads epoch-second and delay-second resets', () => {
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset': String(NOW / 1000 + 42), 'x-ratelimit-remaining': '0' }, NOW)).toBe(42_000);
    expect(retryAfterFromHeaders({ 'ratelimit-reset': '5' }, NOW)).toBe(5_000);
  });

  it('takes the earliest reset when none says which limit ran out', () => {
    expect(retryAfterFromHeaders({ 'x-ratelimit-reset-requests': '1.5s', 'x-ratelimit-reset-tokens': '1m' }, NOW)).toBe(1_500);
  });

  it('returns undefined without a usable header', () => {
    expect(retryAfterFromHeaders({}, NOW)).toBeUndefined();
    expect(retryAfterFromHeaders({ 'retry-after': 'soon', 'x-ratelimit-reset': 'later' }, NOW)).toBeUndefined();
    expect(retryAfterFromHeaders({ 'x-ratelimit-limit-requests': '100' }, NOW)).toBeUndefined();
  });
});
