/**
 * A validated rule compiled for evaluation: globs kept as data, the condition compiled to a closure, redaction
 * paths turned into one rewrite function. The operation-name part is checked once per operation name (cached by
 * the rule set); the rest per call, cheapest conditions first.
 */
import { REDACTED } from '../../security/redact.js';
import type { Hit } from '../combine.js';
import { globAny } from '../glob-match.js';
import { inWindow } from '../time-window.js';
import type { AxiomContext } from '../types.js';
import { type Condition, compileCondition, type ExprScope } from './expression/compile-expression.js';
import type { Rule } from './rule-schema.js';

/** Where a rule comes from: a rule file (read-only) or the database (managed through the API). */
export type RuleSource = { kind: 'file'; path: string } | { kind: 'db' };

/** A rule ready to evaluate. */
export interface CompiledRule {
  readonly rule: Rule;
  readonly source: RuleSource;
  /** Does the rule concern this operation at all? (cached per name by the rule set) */
  concerns(operation: string): boolean;
  /** The rule's hit for this call, or undefined when it does not match. */
  test(ctx: AxiomContext, scope: () => ExprScope): Hit | undefined;
}

/** Compile one validated rule. */
export function compileRule(rule: Rule, source: RuleSource): CompiledRule {
  const m = rule.match;
  const when: Condition | undefined = m.when ? compileCondition(m.when) : undefined;
  const redactInput = rule.redact ? redactPaths(rule.redact) : undefined;
  const hit: Hit = {
    id: rule.id,
    kind: 'rule',
    effect: rule.effect,
    reason: rule.reason,
    ...(rule.description ? { title: rule.description } : {}),
    ...(rule.dryRun ? { dryRun: true } : {}),
    ...(redactInput ? { redactInput } : {}),
  };
  return {
    rule,
    source,
    concerns: (operation) => globAny(m.operations, operation) && !globAny(m.exceptOperations, operation),
    test(ctx, scope) {
      if (m.effects && !m.effects.includes(ctx.effects)) return undefined;
      if (m.faces && !m.faces.includes(ctx.request.face)) return undefined;
      if (m.production !== undefined && m.production !== ctx.production) return undefined;
      if (m.environments && !globAny(m.environments, ctx.environment)) return undefined;
      const p = ctx.principal;
      if (m.principalTypes && !m.principalTypes.includes(p.type)) return undefined;
      if (m.principals && !globAny(m.principals, p.id) && !globAny(m.principals, p.name)) return undefined;
      if (m.roles && !p.roles.some((r) => globAny(m.roles as string[], r))) return undefined;
      if (m.time && !inWindow(m.time, ctx.now)) return undefined;
      if (when && !when(scope())) return undefined;
      return hit;
    },
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** A rewrite that replaces the values at dotted paths (`*` = any key or index) with the redaction marker. */
export function redactPaths(paths: readonly string[]): (input: Record<string, unknown>) => Record<string, unknown> {
  const split = paths.map((p) => p.split('.'));
  const apply = (value: unknown, path: readonly string[]): unknown => {
    if (path.length === 0) return value === undefined ? value : REDACTED;
    const [head, ...rest] = path as [string, ...string[]];
    if (Array.isArray(value)) {
      return value.map((item, i) => (head === '*' || head === String(i) ? apply(item, rest) : item));
    }
    if (!isPlainObject(value)) return value;
    // fromEntries defines own properties, so a "__proto__" key stays data and never becomes a prototype.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, head === '*' || head === key ? apply(item, rest) : item]));
  };
  return (input) => split.reduce((acc, path) => apply(acc, path) as Record<string, unknown>, input);
}
