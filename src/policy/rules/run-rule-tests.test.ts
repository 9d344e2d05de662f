import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../core/config/policy.js';
import { createSsrfGuard } from '../../security/ssrf-guard.js';
import { DEFAULT_AT, fixedClock, silentLog } from '../axioms/test-kit.js';
import { createPolicyEngine } from '../engine.js';
import { parseRuleFile } from './rule-file.js';
import { runRuleTests } from './run-rule-tests.js';

const load = (name: string) => parseRuleFile(readFileSync(new URL(`../../../test/fixtures/policy/${name}`, import.meta.url), 'utf8'), name);
const run = (name: string) => {
  const file = load(name);
  const engine = createPolicyEngine({
    settings: policySchema.parse({}),
    clock: fixedClock(),
    log: silentLog,
    fileRules: [{ path: name, rules: file.rules }],
    ssrfGuard: createSsrfGuard(),
  });
  return runRuleTests(file.tests, { engine, effectsOf: () => undefined, now: DEFAULT_AT });
};

describe('policy test', () => {
  it('passes every case of the sample rule file', async () => {
    const report = await run('team-rules.yaml');
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.passed).toBe(report.results.length);
  });

  it('reports a failing case with what was expected and what happened', async () => {
    const report = await run('failing-rules.yaml');
    expect(report).toMatchObject({ passed: 1, failed: 1 });
    expect(report.results[1]).toMatchObject({
      name: 'This expectation is wrong on purpose',
      passed: false,
      expected: { effect: 'allow' },
      actual: { effect: 'deny', rule: 'deny-deletes' },
    });
  });

  it('fails a case whose operation effects are unknown', async () => {
    const file = load('failing-rules.yaml');
    const tests = [{ ...file.tests[0]!, given: { ...file.tests[0]!.given, effects: undefined } }];
    const engine = createPolicyEngine({ settings: policySchema.parse({}), clock: fixedClock(), log: silentLog });
    const report = await runRuleTests(tests, { engine, effectsOf: () => undefined, now: DEFAULT_AT });
    expect(report.results[0]?.error).toContain('given.effects');
  });
});
