/**
 * Config section of src/resilience: circuit-breaker and bulkhead defaults with per-dependency overrides, retry
 * presets and the default call timeout (docs/resilience.md). Each key is described once and used twice: with
 * its default in the defaults, optional in the per-name overrides.
 */
import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors.js';

const ms = () => z.number().int().min(0).max(86_400_000);
const errorCode = z.enum(Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]]);
/** Names of src/resilience's built-in presets (RETRY_PRESETS; a test keeps the two in step). */
export const BUILT_IN_RETRY_PRESETS = ['fast', 'standard', 'patient'] as const;

const breaker = {
  consecutiveFailures: z.number().int().min(0).max(10_000).describe('Open after this many failures in a row (0 = rule off).'),
  failureRate: z
    .number()
    .gt(0)
    .max(1)
    .describe('Open when at least this share of the calls in the window failed (0 < rate ≤ 1; 0.5 = 50 %).'),
  windowSize: z.number().int().min(1).max(10_000).describe('Sliding window of the failure-rate rule: the last N calls.'),
  minimumCalls: z.number().int().min(1).max(10_000).describe('Calls the window must hold before the failure-rate rule applies.'),
  openMs: ms().describe('How long an open breaker fails calls fast (E_CIRCUIT_OPEN) before admitting trial calls, in ms.'),
  halfOpenMaxCalls: z.number().int().min(1).max(1_000).describe('Trial calls in flight at once while half-open.'),
  halfOpenSuccesses: z.number().int().min(1).max(1_000).describe('Trial successes that close the breaker; one trial failure reopens it.'),
  failureCodes: z
    .array(errorCode)
    .describe('Error codes that count as failures; errors without a code always do, E_CANCELLED never, other codes count as successes.'),
};

const bulkhead = {
  maxConcurrent: z.number().int().min(1).max(10_000).describe('Calls to one dependency running at once.'),
  maxQueue: z.number().int().min(0).max(100_000).describe('Calls waiting for a slot; beyond it calls fail with E_BULKHEAD_FULL.'),
};

/** Breaker settings of every dependency (resilience.breaker); the defaults are the issue's. */
export const breakerDefaultsSchema = z
  .strictObject({
    consecutiveFailures: breaker.consecutiveFailures.default(5),
    failureRate: breaker.failureRate.default(0.5),
    windowSize: breaker.windowSize.default(100),
    minimumCalls: breaker.minimumCalls.default(10),
    openMs: breaker.openMs.default(60_000),
    halfOpenMaxCalls: breaker.halfOpenMaxCalls.default(3),
    halfOpenSuccesses: breaker.halfOpenSuccesses.default(3),
    failureCodes: breaker.failureCodes.default(['E_TIMEOUT', 'E_UPSTREAM', 'E_UNAVAILABLE', 'E_INTERNAL']),
  })
  .prefault({});

const breakerOverrideSchema = z.strictObject({
  consecutiveFailures: breaker.consecutiveFailures.optional(),
  failureRate: breaker.failureRate.optional(),
  windowSize: breaker.windowSize.optional(),
  minimumCalls: breaker.minimumCalls.optional(),
  openMs: breaker.openMs.optional(),
  halfOpenMaxCalls: breaker.halfOpenMaxCalls.optional(),
  halfOpenSuccesses: breaker.halfOpenSuccesses.optional(),
  failureCodes: breaker.failureCodes.optional(),
});

const retryPolicySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).describe('Total attempts including the first (1 = no retry).'),
  baseDelayMs: ms().describe('Cap of the first wait in ms; it doubles per retry (full jitter: the wait is uniform below the cap).'),
  maxDelayMs: ms().describe('Largest computed wait in ms (a server’s Retry-After is bounded by the budget only).'),
  budgetMs: ms().describe('No retry starts, and no wait ends, later than this many ms after the first attempt.'),
});

const dependencyName = z.string().min(1).max(200);

/** The `resilience` section: call timeout, breakers, bulkheads and retry presets (docs/resilience.md). */
export const resilienceSchema = z
  .strictObject({
    timeoutMs: ms()
      .default(120_000)
      .describe('Limit of one resilience.run call, retries and waits included, when the caller gives none (0 = none).'),
    breaker: breakerDefaultsSchema.describe('Circuit-breaker settings of every dependency.'),
    breakers: z
      .record(dependencyName, breakerOverrideSchema)
      .default({})
      .describe('Per-dependency breaker settings over the defaults, keyed by name, e.g. {"provider:anthropic": {"openMs": 30000}}.'),
    bulkhead: z
      .strictObject({ maxConcurrent: bulkhead.maxConcurrent.default(10), maxQueue: bulkhead.maxQueue.default(100) })
      .prefault({})
      .describe('Concurrency limit and queue of every dependency.'),
    bulkheads: z
      .record(dependencyName, z.strictObject({ maxConcurrent: bulkhead.maxConcurrent.optional(), maxQueue: bulkhead.maxQueue.optional() }))
      .default({})
      .describe('Per-dependency bulkhead limits over the defaults, keyed by name, e.g. {"k8s:prod": {"maxConcurrent": 4}}.'),
    retry: z
      .strictObject({
        defaultPreset: z
          .string()
          .min(1)
          .default('standard')
          .describe('Preset used by `retry: true`: fast, standard, patient, or a name defined under presets.'),
        presets: z
          .record(z.string().regex(/^[a-z][a-z0-9-]{0,39}$/), retryPolicySchema)
          .default({})
          .describe('Extra retry presets, or replacements of the built-in ones, by name, e.g. {"deploy": {"maxAttempts": 5, …}}.'),
      })
      .prefault({})
      .refine((r) => (BUILT_IN_RETRY_PRESETS as readonly string[]).includes(r.defaultPreset) || Object.hasOwn(r.presets, r.defaultPreset), {
        message: 'retry.defaultPreset must name a built-in preset (fast, standard, patient) or one under retry.presets.',
        path: ['defaultPreset'],
      }),
  })
  .prefault({});
