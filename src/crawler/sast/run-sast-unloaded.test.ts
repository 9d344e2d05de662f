import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/errors.js';
import { runSast } from './run-sast.js';

describe('runSast before the grammars load', () => {
  it('fails with E_UNAVAILABLE and says what to call', () => {
    let error: unknown;
    try {
      runSast({ path: 'a.js', language: 'JavaScript', content: 'eval(x)' });
    } catch (e) {
      error = e;
    }
    expect(hasCode(error, 'E_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/loadSastGrammars/);
  });
});
