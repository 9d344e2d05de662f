import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { classifyByCodes } from './failure-classifier.js';

describe('classifyByCodes', () => {
  const classify = classifyByCodes();

  it.each([
    [new AppError('E_TIMEOUT', 't'), 'failure'],
    [new AppError('E_UPSTREAM', 'u'), 'failure'],
    [new AppError('E_UNAVAILABLE', 'down'), 'failure'],
    [new Error('socket hang up'), 'failure'],
    [new AppError('E_VALIDATION', 'bad'), 'success'],
    [new AppError('E_RATE_LIMITED', 'slow down'), 'success'],
    [new AppError('E_CANCELLED', 'gone'), 'ignore'],
    [new AppError('E_UNAVAILABLE', 'slack.token is not set', { details: { reason: 'not_configured' } }), 'ignore'],
  ])('%s → %s', (error, outcome) => {
    expect(classify(error)).toBe(outcome);
  });

  it('counts only the configured codes', () => {
    expect(classifyByCodes(['E_TIMEOUT'])(new AppError('E_UPSTREAM', 'u'))).toBe('success');
  });
});
