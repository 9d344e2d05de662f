/**
 * User rules, as YAML files and API bodies see them: match on operation globs, principal, role, environment,
 * effects, face, a time window and a condition over arguments; effects allow, deny, require_approval and redact,
 * each with a reason shown to the caller. Rule files may carry their own test cases (`code-engine policy test`).
 */
import { z } from 'zod';
import { timeWindowSchema } from '../../core/config/policy.js';
import { isAppError } from '../../core/errors.js';
import { MAX_SOURCE_CHARS, parseExpression } from './expression/parse-expression.js';

const glob = z.string().min(1).max(256);
const EFFECTS = ['read', 'write', 'destructive', 'external'] as const;
const FACES = ['mcp-stdio', 'mcp-http', 'rest', 'cli'] as const;

/** The decision a rule makes when it matches. */
export const ruleEffectSchema = z.enum(['allow', 'deny', 'require_approval', 'redact']);

/** A rule condition: parsed when the rule is validated, so a bad one is refused at load or create time. */
const conditionSchema = z
  .string()
  .min(1)
  .max(MAX_SOURCE_CHARS)
  .superRefine((source, ctx) => {
    try {
      parseExpression(source);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: isAppError(e) ? e.message : String(e) });
    }
  });

/** What a rule matches; every condition given must hold. */
export const ruleMatchSchema = z.strictObject({
  operations: z.array(glob).min(1).default(['*']).describe('Operation-name globs, e.g. ["kubernetes_delete_*"].'),
  exceptOperations: z.array(glob).default([]).describe('Operation-name globs excluded.'),
  principals: z.array(glob).optional().describe('Principal ids or names (globs), e.g. ["alice", "ci-*"].'),
  principalTypes: z.array(z.enum(['user', 'api_key', 'service'])).optional(),
  roles: z.array(glob).optional().describe('Matches when the caller holds any of these roles (globs).'),
  environments: z.array(glob).optional().describe('Environment globs, e.g. ["production", "prod-*"].'),
  production: z.boolean().optional().describe('Only production (true) or only non-production (false) environments.'),
  effects: z.array(z.enum(EFFECTS)).optional().describe('Operation effects, e.g. ["destructive"].'),
  faces: z.array(z.enum(FACES)).optional(),
  time: timeWindowSchema.optional().describe('Only inside this time window.'),
  when: conditionSchema.optional().describe('Condition over args, principal, environment, … (docs/policy.md).'),
});

/** The fields of a rule (API input schemas are derived from it; ruleSchema adds the cross-field checks). */
export const ruleFieldsSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, ".", "_" and "-", at most 64 characters')
    .refine((id) => id !== 'default', { message: '"default" is reserved' })
    .describe('Unique rule id, e.g. no-friday-deploys.'),
  description: z.string().max(1000).optional(),
  effect: ruleEffectSchema,
  reason: z.string().min(1).max(500).describe('Shown to the caller when the rule decides.'),
  match: ruleMatchSchema.prefault({}),
  redact: z
    .array(z.string().regex(/^[^.]+(\.[^.]+)*$/, 'a dotted argument path, e.g. "env.*.value"'))
    .max(50)
    .optional()
    .describe('For effect redact: argument paths whose values are replaced ("*" matches any key or index).'),
  dryRun: z.boolean().default(false).describe('Report and log matches without enforcing them.'),
  enabled: z.boolean().default(true),
});

/** One user rule. */
export const ruleSchema = ruleFieldsSchema.superRefine((rule, ctx) => {
  if (rule.effect === 'redact' && !rule.redact?.length) {
    ctx.addIssue({ code: 'custom', path: ['redact'], message: 'a redact rule needs the argument paths to redact' });
  }
  if (rule.effect !== 'redact' && rule.redact) {
    ctx.addIssue({ code: 'custom', path: ['redact'], message: 'only rules with effect redact take redact paths' });
  }
});

/** A validated rule. */
export type Rule = z.infer<typeof ruleSchema>;
/** A rule as written (defaults not yet applied). */
export type RuleInput = z.input<typeof ruleSchema>;

/** One test case of a rule file: a call and the decision expected for it. */
export const ruleTestSchema = z.strictObject({
  name: z.string().min(1).max(200),
  given: z.strictObject({
    operation: z.string().min(1).max(128),
    effects: z.enum(EFFECTS).optional().describe('Default: the registered operation’s effects (required for unknown operations).'),
    arguments: z.record(z.string(), z.unknown()).default({}),
    environment: z.string().min(1).max(64).optional().describe('Default: derived from the arguments like a real call.'),
    principal: z
      .strictObject({
        id: z.string().min(1).default('test-user'),
        name: z.string().min(1).optional(),
        type: z.enum(['user', 'api_key', 'service']).default('user'),
        roles: z.array(z.string()).default(['operator']),
        mfaAgeMinutes: z.number().min(0).optional(),
      })
      .prefault({}),
    face: z.enum(FACES).default('rest'),
    at: z.iso.datetime({ offset: true }).optional().describe('Time of the call (default: now).'),
  }),
  expect: ruleEffectSchema,
  expectRule: z.string().optional().describe('The rule or axiom id expected to decide.'),
});

/** A validated test case. */
export type RuleTest = z.infer<typeof ruleTestSchema>;

/** A rule file: rules and, optionally, their tests. */
export const ruleFileSchema = z
  .strictObject({
    version: z.literal(1).default(1),
    rules: z.array(ruleSchema).default([]),
    tests: z.array(ruleTestSchema).default([]),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${rule.id}"` });
      seen.add(rule.id);
    });
  });

/** A validated rule file. */
export type RuleFile = z.infer<typeof ruleFileSchema>;
