import { describe, expect, it } from 'vitest';
import { compareFindings, type Finding, findingSchema, fingerprintOf, severityAtLeast } from './findings.js';

const base: Finding = {
  ruleId: 'secret/test',
  kind: 'secret',
  severity: 'high',
  file: 'a.ts',
  startLine: 3,
  endLine: 3,
  message: 'm',
  fingerprint: fingerprintOf('secret/test', 'a.ts', 'x'),
};

describe('findings', () => {
  it('validates a finding with the schema', () => {
    expect(findingSchema.parse(base)).toEqual(base);
  });

  it('keeps the fingerprint when only whitespace of the key changes', () => {
    expect(fingerprintOf('r', 'f', 'a  b\n')).toBe(fingerprintOf('r', 'f', 'a b'));
  });

  it('compares severities against a threshold', () => {
    expect(severityAtLeast('critical', 'high')).toBe(true);
    expect(severityAtLeast('medium', 'high')).toBe(false);
  });

  it('orders findings most severe first', () => {
    const low: Finding = { ...base, severity: 'low' };
    expect([low, base].sort(compareFindings)[0]?.severity).toBe('high');
  });
});
