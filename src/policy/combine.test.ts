import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PolicyEffect } from '../gateway/ports.js';
import { combine, type Hit } from './combine.js';

const hit = (id: string, effect: PolicyEffect, extra: Partial<Hit> = {}): Hit => ({
  id,
  kind: 'rule',
  effect,
  reason: `${id} says ${effect}`,
  ...extra,
});
const arbEffect = fc.constantFrom<PolicyEffect>('allow', 'deny', 'require_approval', 'redact');
const arbHits = fc.array(
  fc
    .record({ id: fc.stringMatching(/^r[0-9]{1,3}$/), effect: arbEffect, dryRun: fc.boolean() })
    .map((h) => hit(h.id, h.effect, { dryRun: h.dryRun })),
  { maxLength: 12 },
);

describe('combining matches', () => {
  it('allows when nothing matched', () => {
    expect(combine([], 'allow', 'x_y', {})).toEqual({ effect: 'allow', matched: [] });
  });

  it('denies when nothing matched and the default is deny', () => {
    expect(combine([], 'deny', 'x_y', {})).toMatchObject({ effect: 'deny', rule: 'default' });
  });

  it('lets an allow rule through a default deny', () => {
    expect(combine([hit('a', 'allow')], 'deny', 'x_y', {}).effect).toBe('allow');
  });

  it('names the first deciding match and counts the others', () => {
    const d = combine([hit('a', 'require_approval'), hit('b', 'deny'), hit('c', 'deny')], 'allow', 'x_y', {});
    expect(d).toMatchObject({ effect: 'deny', rule: 'b', reason: 'b says deny (also: c)' });
  });

  it('ignores dry-run matches for the decision but reports them', () => {
    const d = combine([hit('a', 'deny', { dryRun: true })], 'allow', 'x_y', {});
    expect(d).toEqual({ effect: 'allow', matched: [{ id: 'a', kind: 'rule', effect: 'deny', reason: 'a says deny', dryRun: true }] });
  });

  it('applies every redaction in order', () => {
    const d = combine(
      [
        hit('a', 'redact', { redactInput: (i) => ({ ...i, a: '[REDACTED]' }) }),
        hit('b', 'redact', { redactInput: (i) => ({ ...i, b: '[REDACTED]' }) }),
      ],
      'allow',
      'x_y',
      { a: 1, b: 2, c: 3 },
    );
    expect(d).toMatchObject({ effect: 'redact', input: { a: '[REDACTED]', b: '[REDACTED]', c: 3 } });
  });

  it('always denies when an enforced deny matched, in any order and under any default', () => {
    fc.assert(
      fc.property(arbHits, fc.nat(12), fc.constantFrom<'allow' | 'deny'>('allow', 'deny'), (hits, at, defaultEffect) => {
        const all = [...hits];
        all.splice(at % (all.length + 1), 0, hit('the-deny', 'deny'));
        expect(combine(all, defaultEffect, 'x_y', {}).effect).toBe('deny');
      }),
    );
  });

  it('decides the same whatever the order of the matches', () => {
    fc.assert(
      fc.property(arbHits, (hits) => {
        const forward = combine(hits, 'allow', 'x_y', {}).effect;
        expect(combine([...hits].reverse(), 'allow', 'x_y', {}).effect).toBe(forward);
      }),
    );
  });

  it('never lets an allow override a require_approval', () => {
    fc.assert(
      fc.property(arbHits, (hits) => {
        const d = combine([...hits, hit('approve', 'require_approval')], 'allow', 'x_y', {});
        expect(['deny', 'require_approval']).toContain(d.effect);
      }),
    );
  });
});
