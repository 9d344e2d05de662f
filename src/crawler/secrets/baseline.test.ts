import { describe, expect, it } from 'vitest';
import { isAppError } from '../../core/errors.js';
import type { Finding } from '../findings.js';
import { applyBaseline, buildBaseline, parseBaseline } from './baseline.js';

const finding = (fingerprint: string, file = 'a.ts'): Finding => ({
  ruleId: 'secret/jwt',
  kind: 'secret',
  severity: 'medium',
  file,
  startLine: 1,
  endLine: 1,
  message: 'JWT',
  fingerprint,
});

describe('secrets baseline', () => {
  it('round-trips the fingerprints of accepted findings', () => {
    const text = buildBaseline([finding('f1f1f1f1f1', 'b.ts'), finding('e0e0e0e0e0')], 'test fixtures');
    expect(parseBaseline(text)).toEqual(new Set(['f1f1f1f1f1', 'e0e0e0e0e0']));
    expect(JSON.parse(text).findings[0]).toEqual({
      fingerprint: 'e0e0e0e0e0',
      ruleId: 'secret/jwt',
      file: 'a.ts',
      reason: 'test fixtures',
    });
  });

  it('splits findings into fresh and accepted ones', () => {
    const { fresh, accepted } = applyBaseline([finding('aaaaaaaaaa'), finding('bbbbbbbbbb')], new Set(['bbbbbbbbbb']));
    expect(fresh.map((f) => f.fingerprint)).toEqual(['aaaaaaaaaa']);
    expect(accepted.map((f) => f.fingerprint)).toEqual(['bbbbbbbbbb']);
  });

  it('rejects files that are not baselines with E_VALIDATION', () => {
    for (const text of ['nope', '{"version":2,"findings":[]}']) {
      let error: unknown;
      try {
        parseBaseline(text);
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code).toBe('E_VALIDATION');
    }
  });
});
