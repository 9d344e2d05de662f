/**
 * `code-engine policy test FILE`: run a rule file's own test cases (given a call → expected decision) against an
 * engine holding that file's rules and the configured axioms, without executing anything.
 */
import type { Principal } from '../../auth/principal.js';
import type { Effects } from '../../gateway/operation.js';
import type { PolicyEngine } from '../engine.js';
import type { RuleTest } from './rule-schema.js';

/** The outcome of one test case. */
export interface RuleTestResult {
  name: string;
  passed: boolean;
  expected: { effect: string; rule?: string };
  actual: { effect: string; rule?: string; reason?: string };
  /** Ids of every axiom and rule that matched. */
  matched: string[];
  /** Set when the case could not run (e.g. effects unknown). */
  error?: string;
}

/** A run over all cases. */
export interface RuleTestReport {
  passed: number;
  failed: number;
  results: RuleTestResult[];
}

/** The principal a test case describes. */
export function principalOf(given: RuleTest['given'], at: number): Principal {
  const p = given.principal;
  return {
    id: p.id,
    type: p.type,
    name: p.name ?? p.id,
    roles: p.roles,
    ...(p.mfaAgeMinutes !== undefined ? { mfaVerifiedAt: at - p.mfaAgeMinutes * 60_000 } : {}),
  };
}

/**
 * Run test cases through `engine.explain`.
 * @example const report = await runRuleTests(file.tests, { engine, effectsOf: (op) => registry.get(op)?.effects, now: clock.now() })
 */
export async function runRuleTests(
  tests: readonly RuleTest[],
  options: { engine: PolicyEngine; effectsOf(operation: string): Effects | undefined; now: number },
): Promise<RuleTestReport> {
  const results: RuleTestResult[] = [];
  for (const t of tests) {
    const expected = { effect: t.expect, ...(t.expectRule ? { rule: t.expectRule } : {}) };
    const effects = t.given.effects ?? options.effectsOf(t.given.operation);
    if (!effects) {
      const error = `Operation ${t.given.operation} is not registered; give its effects in "given.effects".`;
      results.push({ name: t.name, passed: false, expected, actual: { effect: 'error' }, matched: [], error });
      continue;
    }
    const at = t.given.at ? Date.parse(t.given.at) : options.now;
    const explanation = await options.engine.explain({
      operation: t.given.operation,
      effects,
      input: t.given.arguments,
      principal: principalOf(t.given, at),
      face: t.given.face,
      at,
      ...(t.given.environment ? { environment: t.given.environment } : {}),
    });
    const { decision } = explanation;
    const actual = {
      effect: decision.effect,
      ...(decision.rule ? { rule: decision.rule } : {}),
      ...(decision.reason ? { reason: decision.reason } : {}),
    };
    const passed = decision.effect === t.expect && (t.expectRule === undefined || decision.rule === t.expectRule);
    results.push({ name: t.name, passed, expected, actual, matched: explanation.matched.map((m) => m.id) });
  }
  const passed = results.filter((r) => r.passed).length;
  return { passed, failed: results.length - passed, results };
}
