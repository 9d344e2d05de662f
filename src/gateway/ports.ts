/**
 * What the gateway pipeline needs from other capabilities, as small interfaces. src/main fills them with the
 * real services (auth, rate limiter, audit log, resilience, policy); tests may fill them with real instances too.
 */
import type { AuditSink, Principal } from '../auth/principal.js';
import type { Effects, Face } from './operation.js';

/** Turns a bearer credential (JWT or API key) into a principal; throws E_UNAUTHENTICATED. */
export interface Authenticator {
  authenticate(credential: string): Promise<Principal>;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** Stable reason, e.g. `granted`, `no_grant`, `outside_scope`, `mfa_required`. */
  reason: string;
  /** One sentence for humans. */
  explanation: string;
}

/** RBAC: may this principal use this permission? */
export interface Authorizer {
  authorize(principal: Principal, permission: string, resource?: string): AuthorizationDecision | Promise<AuthorizationDecision>;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterMs: number;
}

/** Token buckets shared with the HTTP face. */
export interface RateLimiterPort {
  consume(key: string, cost?: number): Promise<RateDecision>;
}

/** What the policy engine sees of one call. */
export interface PolicyRequest {
  operation: string;
  effects: Effects;
  permission: string;
  input: Record<string, unknown>;
  principal: Principal;
  face: Face;
  /**
   * An approval this call presents (set only by `approvals_execute` through CallRequest.approval): the approvals
   * decorator lets the call through after consuming that approval for exactly this operation and input.
   */
  approval?: { id: string; claim: string };
}

/** What a policy rule or axiom decides for a call. */
export type PolicyEffect = 'allow' | 'deny' | 'require_approval' | 'redact';

/** One axiom or user rule that matched a call: what explain shows and approvals record. */
export interface PolicyMatch {
  /** Axiom id (`AX-01`) or rule id. */
  id: string;
  kind: 'axiom' | 'rule';
  effect: PolicyEffect;
  /** Shown to the caller. */
  reason: string;
  /** Reported and logged, not enforced (a dry-run rule or axiom, or policy.dryRun). */
  dryRun?: boolean;
}

/** Context every decision may carry (additive: hooks that only allow need not set it). */
export interface PolicyDecisionContext {
  /** Every axiom and rule that matched, in evaluation order (axioms by id, then rules). */
  matched?: readonly PolicyMatch[];
  /** The environment the call was evaluated in, e.g. `production`. */
  environment?: string;
  /**
   * Record that the allowed call now runs: the pipeline calls it once, after the destructive-call confirmation and
   * right before the executor, and never for a call that does not run. Budgets are counted here (AX-20); throws
   * E_POLICY_DENIED when one ran out since the decision (concurrent calls), and the call must not run.
   */
  commit?(): Promise<void>;
}

export type PolicyDecision = (
  | { effect: 'allow' }
  | { effect: 'deny'; reason: string; rule?: string }
  | { effect: 'require_approval'; reason: string; rule?: string; approvalId?: string }
  /** Allow, but with these input fields replaced (the policy redacted or rewrote them). */
  | { effect: 'redact'; reason: string; input: Record<string, unknown>; rule?: string }
) &
  PolicyDecisionContext;

/** The policy seam: a no-op (allow) until the policy engine lands. */
export interface PolicyHook {
  evaluate(request: PolicyRequest): Promise<PolicyDecision>;
  /** Check (and possibly rewrite) an output before it leaves the gateway. */
  inspectOutput?(request: PolicyRequest, output: unknown): Promise<unknown>;
}

export const allowAllPolicy: PolicyHook = { evaluate: async () => ({ effect: 'allow' }) };

/** Runs a handler under timeout, breaker and bulkhead of its dependency. */
export interface Executor {
  run<T>(dependency: string, fn: (signal: AbortSignal) => Promise<T>, options: { timeoutMs: number; signal: AbortSignal }): Promise<T>;
}

export type { AuditSink };
