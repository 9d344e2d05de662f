/**
 * Output schemas of the policy operations (axiom and rule views, explanations, test reports), defined once.
 */
import { z } from 'zod';
import { ruleFieldsSchema } from '../rules/rule-schema.js';

const effect = z.enum(['allow', 'deny', 'require_approval', 'redact']);
const opEffects = z.enum(['read', 'write', 'destructive', 'external']);

/** An axiom with its state. */
export const axiomViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  rationale: z.string(),
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  effect: effect.exclude(['allow']),
  stage: z.enum(['input', 'output']),
  defaultOn: z.boolean(),
  enabled: z.boolean(),
  dryRun: z.boolean(),
  configKeys: z.array(z.string()),
  operations: z.array(z.string()).optional().describe('Operation-name globs it concerns (absent: every operation)'),
  effects: z.array(z.string()).optional().describe('Operation effects it concerns (absent: all)'),
  productionOnly: z.boolean(),
  changed: z.object({ at: z.string(), by: z.string() }).optional().describe('Last runtime switch'),
});

/** A rule with its source and bookkeeping. */
export const ruleViewSchema = z.object({
  rule: ruleFieldsSchema,
  source: z.enum(['file', 'db']),
  file: z.string().optional(),
  revision: z.number().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  createdBy: z.string().nullable().optional(),
  updatedBy: z.string().nullable().optional(),
});

const match = z.object({
  id: z.string(),
  kind: z.enum(['axiom', 'rule']),
  effect,
  reason: z.string(),
  dryRun: z.boolean().optional(),
  title: z.string().optional(),
  severity: z.string().optional(),
});

/** What policy_explain returns. */
export const explanationSchema = z.object({
  operation: z.string(),
  effects: opEffects,
  environment: z.string(),
  environmentSource: z.string().describe('argument:<name>, namespace:<glob>, target:<glob>, default or override'),
  production: z.boolean(),
  at: z.string(),
  decision: z.object({ effect, reason: z.string().optional(), rule: z.string().optional() }),
  matched: z.array(match),
  outputAxioms: z.array(z.string()),
  evaluated: z.object({ axioms: z.number(), rules: z.number() }),
  enforced: z.boolean().describe('false under policy.dryRun or with policy.enabled off'),
  inputIssues: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('The arguments do not validate against the operation (the real call would fail with E_VALIDATION)'),
});

/** What policy_rules_test returns. */
export const ruleTestReportSchema = z.object({
  passed: z.number(),
  failed: z.number(),
  results: z.array(
    z.object({
      name: z.string(),
      passed: z.boolean(),
      expected: z.object({ effect: z.string(), rule: z.string().optional() }),
      actual: z.object({ effect: z.string(), rule: z.string().optional(), reason: z.string().optional() }),
      matched: z.array(z.string()),
      error: z.string().optional(),
    }),
  ),
});

/** One line per explanation, for MCP text and the CLI. */
export function renderExplanation(x: z.infer<typeof explanationSchema>): string {
  const head = `${x.operation} (${x.effects}) in ${x.environment}${x.production ? ' [production]' : ''} via ${x.environmentSource}: ${x.decision.effect.toUpperCase()}${x.decision.rule ? ` by ${x.decision.rule}` : ''}${x.enforced ? '' : ' (not enforced)'}`;
  const lines = x.matched.map((m) => `  ${m.dryRun ? '~' : '•'} ${m.id} ${m.effect}${m.dryRun ? ' (dry run)' : ''}: ${m.reason}`);
  const issues = (x.inputIssues ?? []).map((i) => `  ! ${i.path}: ${i.message}`);
  return [head, ...(x.decision.reason ? [`  ${x.decision.reason}`] : []), ...lines, ...issues].join('\n');
}
