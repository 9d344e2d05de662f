/**
 * Config section of src/policy: how a call's environment is known, where user rules live, which axioms are on
 * and the settings the axioms read (docs/policy.md lists every axiom with the keys it uses).
 */
import { z } from 'zod';

const glob = z.string().min(1).max(256);
const globs = z.array(glob);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const HH_MM_RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

/** True when `zone` is an IANA time zone this runtime knows. */
function isTimeZone(zone: string): boolean {
  // The default needs no check: the first Intl.DateTimeFormat loads ICU's zone data, ~20 ms of every CLI start (#6).
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A time window: every condition given must hold (days AND daily hours AND the absolute range).
 * Shared by freeze windows, business hours and the `time` condition of user rules.
 */
export const timeWindowSchema = z.strictObject({
  timezone: z
    .string()
    .default('UTC')
    .refine(isTimeZone, { message: 'not a known IANA time zone, e.g. "Europe/Berlin"' })
    .describe('IANA time zone of `days` and `between`, e.g. Europe/Berlin.'),
  days: z.array(z.enum(WEEKDAYS)).min(1).optional().describe('Weekdays (mon … sun) in `timezone`.'),
  between: z
    .string()
    .regex(HH_MM_RANGE, 'expected "HH:MM-HH:MM", e.g. "18:00-06:00" (may wrap past midnight)')
    .optional()
    .describe('Daily hours "HH:MM-HH:MM" in `timezone`, end exclusive; wraps past midnight when end < start.'),
  from: z.iso.datetime({ offset: true }).optional().describe('Absolute start (ISO-8601), inclusive.'),
  until: z.iso.datetime({ offset: true }).optional().describe('Absolute end (ISO-8601), exclusive.'),
});

/** A parsed time window. */
export type TimeWindow = z.infer<typeof timeWindowSchema>;

const freezeWindowSchema = timeWindowSchema.extend({
  name: z.string().min(1).max(100).describe('Shown to callers, e.g. "year-end freeze".'),
  reason: z.string().max(500).optional().describe('Why deployments are frozen (shown to callers).'),
  environments: globs.default([]).describe('Environments frozen (globs); empty = the production environments.'),
});

const environmentMapSchema = z.array(
  z.strictObject({
    match: glob.describe('Glob over the argument value, e.g. prod-*.'),
    environment: z.string().min(1).max(64).describe('The environment such a value means, e.g. production.'),
  }),
);

/** Settings of the policy engine and its axioms. */
export const policySchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Evaluate axioms and user rules on every call (false = allow everything).'),
    dryRun: z
      .boolean()
      .default(false)
      .describe('Evaluate and log what policy would decide, but allow every call (for rolling out new rules).'),
    defaultEffect: z
      .enum(['allow', 'deny'])
      .default('allow')
      .describe('Decision when nothing matched; `deny` admits only calls an `allow` rule matches.'),
    environment: z
      .strictObject({
        default: z.string().min(1).max(64).default('development').describe('Environment of a call whose arguments name none.'),
        args: z
          .array(z.string().min(1))
          .default(['environment', 'env'])
          .describe('Arguments whose value is the environment itself (first present wins).'),
        namespaceArgs: z.array(z.string().min(1)).default(['namespace']).describe('Arguments holding a Kubernetes namespace.'),
        namespaces: environmentMapSchema
          .default([])
          .describe('Namespace globs → environment, first match wins, e.g. [{ match: "prod-*", environment: "production" }].'),
        targetArgs: z
          .array(z.string().min(1))
          .default(['target', 'cluster', 'context'])
          .describe('Arguments holding a deploy target, cluster or kube context.'),
        targets: environmentMapSchema.default([]).describe('Target/cluster/context globs → environment, first match wins.'),
        production: globs
          .default(['prod', 'production', 'prod-*', 'production-*', '*-prod', '*-production'])
          .describe('Environments that count as production (globs).'),
      })
      .prefault({}),
    rulesFiles: z
      .array(z.string().min(1))
      .default([])
      .describe('YAML files of user rules (relative to the working directory); read at start, read-only through the API.'),
    reloadIntervalMs: z
      .number()
      .int()
      .min(0)
      .max(3_600_000)
      .default(5_000)
      .describe('How often a replica checks the database for rule and axiom changes made by other replicas (0 = only at start).'),
    axioms: z
      .strictObject({
        enable: z
          .array(z.string().regex(/^AX-\d{2}$/))
          .default([])
          .describe('Axioms turned on besides the default ones, e.g. ["AX-26"].'),
        disable: z
          .array(z.string().regex(/^AX-\d{2}$/))
          .default([])
          .describe('Axioms turned off (runtime changes through policy_set_axiom override both lists).'),
        dryRun: z
          .array(z.string().regex(/^AX-\d{2}$/))
          .default([])
          .describe('Axioms that are evaluated and logged but not enforced.'),
      })
      .prefault({}),
    commands: z
      .strictObject({
        allowCharacters: z
          .string()
          .max(64)
          .default('')
          .describe(
            'Characters taken out of the set AX-04 refuses in arguments of command-running tools (docs/policy.md), e.g. "*?" to allow glob patterns. NUL and newlines are always refused.',
          ),
      })
      .prefault({}),
    secrets: z
      .strictObject({
        inArguments: z
          .enum(['deny', 'redact'])
          .default('deny')
          .describe('AX-07: deny a call whose arguments carry secret material, or replace the secret and let it run.'),
        exemptOperations: globs
          .default(['policy_explain', 'policy_rules_test'])
          .describe('Operations whose arguments may carry secrets (AX-07), e.g. a tool that stores a secret.'),
        inOutputs: z
          .enum(['redact', 'deny'])
          .default('redact')
          .describe(
            'AX-08: replace secret material found in a tool output, or withhold the whole output and fail the call with E_POLICY_DENIED. deny applies to reads only; outputs of calls with other effects (which have already run) are always redacted.',
          ),
        exemptOutputs: globs.default([]).describe('Operations whose outputs are not scanned for secrets (AX-08).'),
        maxScanBytes: z
          .number()
          .int()
          .min(1024)
          .max(67_108_864)
          .default(4_194_304)
          .describe('Characters of one output scanned for secrets; longer outputs are redacted by the redactor patterns only.'),
      })
      .prefault({}),
    freezeWindows: z.array(freezeWindowSchema).default([]).describe('Windows in which deployments are denied (AX-09).'),
    images: z
      .strictObject({
        registries: globs
          .default([])
          .describe('Registries images may come from (AX-12), e.g. ["ghcr.io/acme/*", "registry.internal"]; empty = any.'),
      })
      .prefault({}),
    kubernetes: z
      .strictObject({
        namespaces: globs.default([]).describe('Namespaces tools may touch (AX-13), globs; empty = any.'),
        systemNamespaces: globs
          .default(['kube-system', 'kube-public', 'kube-node-lease'])
          .describe('Namespaces that are read-only for tools (AX-14).'),
        maxScaleDownPercent: z
          .number()
          .min(0)
          .max(100)
          .default(50)
          .describe('Scaling a workload down by more than this share needs approval (AX-15).'),
        maxReplicas: z.number().int().min(1).max(100_000).default(50).describe('Replica counts above this need approval (AX-16).'),
      })
      .prefault({}),
    limits: z
      .strictObject({
        maxDeletePerCall: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .default(10)
          .describe('Deleting more resources than this in one call needs approval (AX-17).'),
        destructivePerHour: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .default(60)
          .describe('Destructive calls one principal may make per hour (AX-20); shared through Redis when configured.'),
      })
      .prefault({}),
    urls: z
      .strictObject({
        exemptOperations: globs
          .default(['slack_*'])
          .describe(
            'Operations whose URL arguments code-engine never fetches (AX-21), e.g. links posted in chat messages; policy_explain is always exempt, tools of federated upstream servers never are.',
          ),
      })
      .prefault({}),
    mfa: z
      .strictObject({
        maxAgeMinutes: z.number().int().min(1).max(1440).default(15).describe('How recent an MFA verification must be (AX-19).'),
        roles: globs.default(['admin']).describe('Roles whose destructive calls need recent MFA (AX-19).'),
        principalTypes: z
          .array(z.enum(['user', 'api_key', 'service']))
          .default(['user'])
          .describe('Principal types AX-19 applies to (API keys and services cannot present MFA).'),
      })
      .prefault({}),
    businessHours: z
      .strictObject({
        timezone: timeWindowSchema.shape.timezone,
        days: z
          .array(z.enum(WEEKDAYS))
          .min(1)
          .default(['mon', 'tue', 'wed', 'thu', 'fri'])
          .describe('Working days (mon … sun) in `timezone`.'),
        between: z
          .string()
          .regex(HH_MM_RANGE, 'expected "HH:MM-HH:MM", e.g. "09:00-17:00"')
          .default('09:00-17:00')
          .describe('Working hours "HH:MM-HH:MM" in `timezone`, end exclusive.'),
      })
      .prefault({})
      .describe('Working hours; production changes outside them need approval when AX-27 is on.'),
  })
  .prefault({});

/** The parsed `policy` section. */
export type PolicyConfig = z.infer<typeof policySchema>;
