/**
 * The policy engine's vocabulary: axioms (built-in numbered rules, as data plus a small check), the per-call
 * context they read, and the ports they use for the few facts a call's arguments cannot carry.
 */
import type { Principal } from '../auth/principal.js';
import type { PolicyConfig } from '../core/config/policy.js';
import type { Effects } from '../gateway/operation.js';
import type { PolicyEffect, PolicyMatch, PolicyRequest } from '../gateway/ports.js';
import type { ArgIndex } from './arg-index.js';

export type { PolicyEffect, PolicyMatch, PolicyRequest };

/** How bad a violation of an axiom is (docs, explain, and AX-25's "critical"). */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** The engine's settings: the `policy` config section. */
export type PolicySettings = PolicyConfig;

/** An example call of an axiom's docs; a test checks that `fires` fires and `passes` passes. */
export interface AxiomExample {
  operation: string;
  effects: Effects;
  arguments: Record<string, unknown>;
  environment?: string;
  /** Roles of the caller (default operator). */
  roles?: string[];
  principalType?: Principal['type'];
  /** Minutes since the caller's MFA verification (absent: never verified). */
  mfaAgeMinutes?: number;
  /** Settings this example needs, merged over the defaults (e.g. an allowlist). */
  settings?: Record<string, unknown>;
  /** ISO time of the call (default 2026-01-07T10:00:00Z, a Wednesday morning). */
  at?: string;
  /** For output axioms: the tool's output. */
  output?: unknown;
}

/** What a firing axiom reports. */
export interface AxiomFinding {
  /** Shown to the caller: what is wrong and what to do. */
  reason: string;
  /** Overrides the axiom's effect for this call (AX-07 denies or redacts by config). */
  effect?: Exclude<PolicyEffect, 'allow'>;
  /** For `redact`: rewrite the input, replacing the offending values. */
  redactInput?(input: Record<string, unknown>): Record<string, unknown>;
}

export type AxiomResult = AxiomFinding | undefined;

/** A built-in, numbered rule. Definitions are data plus one small check; one file per group. */
export interface Axiom {
  /** `AX-01` … stable forever; never reuse a retired number. */
  id: string;
  title: string;
  /** Why the axiom exists (docs/policy.md). */
  rationale: string;
  severity: Severity;
  /** On unless configured otherwise. */
  defaultOn: boolean;
  /** What a firing axiom decides (a finding may override it). */
  effect: Exclude<PolicyEffect, 'allow'>;
  /** Config keys it reads (docs/policy.md). */
  configKeys: readonly string[];
  /** Operation-name globs it concerns; absent = every operation. */
  operations?: readonly string[];
  /** Operation-name globs it never concerns. */
  exceptOperations?: readonly string[];
  /** Effects it concerns; absent = all. */
  effects?: readonly Effects[];
  /** Only calls in a production environment. */
  productionOnly?: boolean;
  /** Argument names it reads, by role (docs; tool servers name their arguments to match). */
  shape?: Readonly<Record<string, readonly string[]>>;
  /** `input` axioms check arguments (evaluate); `output` axioms inspect results (inspectOutput). */
  stage?: 'input' | 'output';
  /** Examples for docs/policy.md; tests run them. */
  examples: { fires: AxiomExample; passes: AxiomExample };
  check(ctx: AxiomContext): AxiomResult | Promise<AxiomResult>;
  /**
   * Called once an allowed call is about to run — after the destructive-call confirmation, right before the tool;
   * never for explain, dry runs, or calls that are refused, held back, declined or never confirmed. Rate axioms
   * count the call here, atomically, and return a finding (the call is then denied with it) when the budget ran out
   * since `check` — e.g. to concurrent calls that passed `check` at the same time.
   */
  commit?(ctx: AxiomContext): Promise<AxiomResult>;
  /**
   * Output axioms: the output with offending values replaced and the ids of the rules that found them; with
   * `deny` set, the output of a `read` is withheld and the call fails with E_POLICY_DENIED and that reason (any
   * other call has already run: its output is replaced instead).
   */
  inspect?(ctx: AxiomContext, output: unknown): OutputInspection;
}

/** What an output axiom found. */
export interface OutputInspection {
  output: unknown;
  found: readonly string[];
  /** Withhold the output: the reason shown to the caller (never the offending values). */
  deny?: string;
}

/** Current replica counts and other facts from the systems tools manage; tool servers plug them in when they land. */
export interface PolicyFacts {
  /** Current replicas of a workload, or undefined when unknown. */
  replicas?(ref: { kind: string; namespace: string | undefined; name: string }): Promise<number | undefined>;
}

/** A counter of calls per key per hour (AX-20), shared between replicas when Redis is configured. */
export interface PolicyCounter {
  /** Calls still allowed in the current hour for `key` under `perHour`. */
  remaining(key: string, perHour: number): Promise<number>;
  /**
   * Count one call if fewer than `perHour` were counted in the last hour, in one atomic step (also between
   * replicas); false when the budget is spent, and then nothing is counted.
   */
  take(key: string, perHour: number): Promise<boolean>;
}

/** Finds secret material in a string: the crawler's secret rules, with the redactor's patterns as the fallback. */
export interface SecretFinder {
  /** The text with every secret replaced, and the ids of the rules that found them; `found` empty = clean. */
  redact(text: string): { text: string; found: readonly string[] };
}

/** What axioms may use besides the call itself. */
export interface PolicyPorts {
  /** Resolves a path inside security.files.roots or throws E_FORBIDDEN/E_VALIDATION (AX-02). */
  pathGuard?: { resolve(input: string): Promise<string> };
  /** Checks an outbound URL without DNS, throwing E_FORBIDDEN/E_VALIDATION (AX-21). */
  ssrfGuard?: { checkUrlShape(url: string): URL };
  secrets: SecretFinder;
  counter: PolicyCounter;
  facts: PolicyFacts;
  /** Severity of an axiom by id (AX-25). */
  severityOf(id: string): Severity | undefined;
}

/** One call as axioms and rules see it. Derived values are computed on first use. */
export interface AxiomContext {
  readonly request: PolicyRequest;
  readonly operation: string;
  readonly effects: Effects;
  readonly principal: Principal;
  readonly input: Record<string, unknown>;
  readonly environment: string;
  readonly production: boolean;
  /** Epoch ms of the call. */
  readonly now: number;
  readonly settings: PolicySettings;
  readonly args: ArgIndex;
  readonly ports: PolicyPorts;
  /** An enforced user rule with effect `allow` matched this call (AX-22 asks for one). */
  readonly allowedByRule: boolean;
}
