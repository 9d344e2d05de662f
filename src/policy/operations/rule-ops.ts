/**
 * `policy_rules_*`: user rules managed through the API and stored in the database (rule files are listed,
 * read-only), plus `policy_rules_test`, which runs a rule document's own test cases without storing anything.
 * REST: /api/policy/rules[/:id], /api/policy/rules/test.
 */
import { z } from 'zod';
import type { Clock } from '../../core/deps.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { PolicyEngine } from '../engine.js';
import { parseRuleFile } from '../rules/rule-file.js';
import type { Rule } from '../rules/rule-schema.js';
import { ruleFieldsSchema } from '../rules/rule-schema.js';
import { runRuleTests } from '../rules/run-rule-tests.js';
import type { OperationLookup } from './explain-ops.js';
import { ruleTestReportSchema, ruleViewSchema } from './views.js';

const ruleId = z.string().min(1).max(64).describe('Rule id, e.g. no-friday-deploys');
const exampleRule = {
  id: 'no-friday-prod-deploys',
  effect: 'deny' as const,
  reason: 'Production rollouts stop at Friday noon.',
  match: {
    operations: ['deploy_*'],
    production: true,
    time: { timezone: 'Europe/Berlin', days: ['fri' as const], between: '12:00-23:59' },
  },
};
const renderRule = (v: z.infer<typeof ruleViewSchema>) =>
  `${v.rule.id} ${v.rule.effect}${v.rule.enabled ? '' : ' (disabled)'}${v.rule.dryRun ? ' (dry run)' : ''} [${v.source === 'file' ? v.file : `db r${v.revision}`}]: ${v.rule.reason}`;

export interface RuleOpsDeps {
  engine: PolicyEngine;
  lookup: OperationLookup;
  clock: Clock;
  /** An engine over the same settings and ports holding only `rules` (for policy_rules_test). */
  testEngine(rules: readonly Rule[]): PolicyEngine;
}

/** The rule operations. */
export function ruleOps(deps: RuleOpsDeps): Operation[] {
  const { engine } = deps;
  const { id: _id, ...fieldsWithoutId } = ruleFieldsSchema.shape;
  return [
    defineOperation({
      name: 'policy_rules_list',
      title: 'List policy rules',
      description: 'Every user rule in force: rule files (read-only) in config order, then database rules by id.',
      input: z.object({ source: z.enum(['file', 'db']).optional().describe('Only rules from files or from the database') }),
      output: z.object({ rules: z.array(ruleViewSchema) }),
      permission: 'policy:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/policy/rules' },
      render: (o) => (o.rules.length ? o.rules.map(renderRule).join('\n') : 'No user rules.'),
      run: async (input) => ({ rules: (await engine.listRules()).filter((r) => !input.source || r.source === input.source) }),
    }),
    defineOperation({
      name: 'policy_rules_get',
      title: 'Get a policy rule',
      description: 'One user rule with its source, revision and who changed it last.',
      input: z.object({ id: ruleId }),
      output: ruleViewSchema,
      permission: 'policy:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/policy/rules/:id' },
      example: { id: 'no-friday-prod-deploys' },
      render: renderRule,
      run: async (input) => engine.getRule(input.id),
    }),
    defineOperation({
      name: 'policy_rules_create',
      title: 'Create a policy rule',
      description:
        'Store a user rule (match on operations, principals, roles, environments, effects, time and a condition; effect allow, deny, require_approval or redact). It applies to every replica within policy.reloadIntervalMs.',
      input: ruleFieldsSchema,
      output: ruleViewSchema,
      permission: 'policy:write',
      effects: 'write',
      http: { method: 'POST', path: '/api/policy/rules' },
      example: exampleRule,
      render: renderRule,
      run: async (input, ctx) => engine.createRule(input, ctx.principal.id),
    }),
    defineOperation({
      name: 'policy_rules_update',
      title: 'Replace a policy rule',
      description:
        'Replace a stored rule with a new definition; give expectedRevision to refuse the change when someone else changed it first.',
      input: z.strictObject({
        id: ruleId,
        ...fieldsWithoutId,
        expectedRevision: z.number().int().min(1).optional().describe('Fail with E_CONFLICT unless the rule is at this revision'),
      }),
      output: ruleViewSchema,
      permission: 'policy:write',
      effects: 'write',
      http: { method: 'PUT', path: '/api/policy/rules/:id' },
      example: { ...exampleRule, reason: 'Production rollouts stop at Friday 14:00.', expectedRevision: 1 },
      render: renderRule,
      run: async ({ expectedRevision, ...rule }, ctx) => engine.updateRule(rule.id, rule, ctx.principal.id, expectedRevision),
    }),
    defineOperation({
      name: 'policy_rules_delete',
      title: 'Delete a policy rule',
      description: 'Delete a stored rule (rule files are edited in the file). To pause a rule instead, update it with enabled: false.',
      input: z.object({ id: ruleId }),
      output: z.object({ deleted: z.string() }),
      permission: 'policy:write',
      effects: 'write',
      http: { method: 'DELETE', path: '/api/policy/rules/:id' },
      example: { id: 'no-friday-prod-deploys' },
      run: async (input) => {
        await engine.deleteRule(input.id);
        return { deleted: input.id };
      },
    }),
    defineOperation({
      name: 'policy_rules_test',
      title: 'Test a rule document',
      description:
        'Run the test cases of a rule document (YAML or JSON text with `rules` and `tests`) against its rules plus the configured axioms. Nothing is stored or executed.',
      input: z.object({ document: z.string().min(1).max(1_048_576).describe('The rule file’s text') }),
      output: ruleTestReportSchema,
      permission: 'policy:read',
      effects: 'read',
      http: { method: 'POST', path: '/api/policy/rules/test' },
      example: {
        document:
          'rules:\n  - { id: no-deletes, effect: deny, reason: No deletes., match: { effects: [destructive] } }\ntests:\n  - { name: denied, given: { operation: x_delete, effects: destructive }, expect: deny }\n',
      },
      render: (r) =>
        [...r.results.map((t) => `${t.passed ? 'ok  ' : 'FAIL'} ${t.name}`), `${r.passed} passed, ${r.failed} failed`].join('\n'),
      run: async (input) => {
        const file = parseRuleFile(input.document, 'document');
        return runRuleTests(file.tests, {
          engine: deps.testEngine(file.rules),
          effectsOf: (name) => deps.lookup(name)?.effects,
          now: deps.clock.now(),
        });
      },
    }),
  ];
}
