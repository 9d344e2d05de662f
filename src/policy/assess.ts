/**
 * One evaluation: resolve the environment, run the user rules that concern the operation, then the enabled axioms
 * that concern it, and combine the hits. Shared by enforcement (evaluate), explain and rule-file tests; it has no
 * side effects — counting a call (AX-20) happens when the gateway commits the decision, right before the call runs.
 */
import type { Effects } from '../gateway/operation.js';
import type { PolicyDecision, PolicyRequest } from '../gateway/ports.js';
import { ArgIndex } from './arg-index.js';
import { combine, type Hit } from './combine.js';
import { type ResolvedEnvironment, resolveEnvironment } from './environment.js';
import { globAny } from './glob-match.js';
import type { ExprScope } from './rules/expression/compile-expression.js';
import type { RuleSet } from './rules/rule-set.js';
import type { Axiom, AxiomContext, PolicyPorts, PolicySettings } from './types.js';

/** Whether an axiom is on and whether it is enforced. */
export interface AxiomState {
  enabled: boolean;
  dryRun: boolean;
}

/** The result of one evaluation. */
export interface Assessment {
  decision: PolicyDecision;
  hits: Hit[];
  environment: ResolvedEnvironment;
  ctx: AxiomContext;
  /** Enforced axioms that applied to the call (their `commit` runs when the allowed call is about to run). */
  applied: Axiom[];
  evaluated: { axioms: number; rules: number };
}

/** The engine state an evaluation reads. */
export interface AssessInput {
  settings: PolicySettings;
  rules: RuleSet;
  ports: PolicyPorts;
  /** Input-stage axioms whose operation globs and effects admit the call (cached by the engine). */
  inputAxiomsFor(operation: string, effects: Effects): readonly Axiom[];
  stateOf(id: string): AxiomState;
}

/** The per-call context: an AxiomContext plus the resolved environment. */
export class CallContext implements AxiomContext {
  #args: ArgIndex | undefined;
  allowedByRule = false;
  readonly operation: string;
  readonly effects: Effects;

  constructor(
    readonly request: PolicyRequest,
    readonly env: ResolvedEnvironment,
    readonly now: number,
    readonly settings: PolicySettings,
    readonly ports: PolicyPorts,
  ) {
    this.operation = request.operation;
    this.effects = request.effects;
  }
  get principal() {
    return this.request.principal;
  }
  get input() {
    return this.request.input;
  }
  get environment() {
    return this.env.environment;
  }
  get production() {
    return this.env.production;
  }
  get args(): ArgIndex {
    this.#args ??= new ArgIndex(this.request.input);
    return this.#args;
  }
}

/** Build the per-call context (also used for output inspection). */
export function createContext(
  request: PolicyRequest,
  input: Pick<AssessInput, 'settings' | 'ports'>,
  now: number,
  environmentOverride?: string,
): CallContext {
  return new CallContext(request, resolveEnvironment(request.input, input.settings, environmentOverride), now, input.settings, input.ports);
}

/** The hit of an axiom whose check threw: fail closed, with a reason that does not leak the error. */
const brokenAxiom = (axiom: Axiom): Hit => ({
  id: axiom.id,
  kind: 'axiom',
  effect: 'deny',
  reason: `${axiom.id} could not be evaluated; the call is refused until it can (see the server log).`,
  title: axiom.title,
  severity: axiom.severity,
});

/**
 * Evaluate one call.
 * @example const a = await assess(request, engineState, { now: clock.now() })
 */
export async function assess(
  request: PolicyRequest,
  state: AssessInput,
  options: { now: number; environment?: string | undefined; onAxiomError?(axiom: Axiom, error: unknown): void },
): Promise<Assessment> {
  const ctx = createContext(request, state, options.now, options.environment);
  const ruleHits: Hit[] = [];
  const rules = state.rules.forOperation(request.operation);
  let scope: ExprScope | undefined;
  const scopeOf = (): ExprScope => {
    scope ??= {
      args: request.input,
      principal: {
        id: request.principal.id,
        name: request.principal.name,
        type: request.principal.type,
        roles: [...request.principal.roles],
      },
      environment: ctx.environment,
      operation: request.operation,
      effects: request.effects,
      face: request.face,
      production: ctx.production,
    };
    return scope;
  };
  for (const rule of rules) {
    const hit = rule.test(ctx, scopeOf);
    if (!hit) continue;
    ruleHits.push(hit);
    if (!hit.dryRun && hit.effect === 'allow') ctx.allowedByRule = true;
  }

  const axiomHits: Hit[] = [];
  const applied: Axiom[] = [];
  let evaluatedAxioms = 0;
  for (const axiom of state.inputAxiomsFor(request.operation, request.effects)) {
    const st = state.stateOf(axiom.id);
    if (!st.enabled || (axiom.productionOnly && !ctx.production)) continue;
    evaluatedAxioms++;
    if (!st.dryRun) applied.push(axiom);
    let finding: Awaited<ReturnType<Axiom['check']>>;
    try {
      const r = axiom.check(ctx);
      // Most checks are synchronous: await only real promises, each await costs a microtask turn.
      finding = r instanceof Promise ? await r : r;
    } catch (error) {
      options.onAxiomError?.(axiom, error);
      axiomHits.push({ ...brokenAxiom(axiom), ...(st.dryRun ? { dryRun: true } : {}) });
      continue;
    }
    if (!finding) continue;
    axiomHits.push({
      id: axiom.id,
      kind: 'axiom',
      effect: finding.effect ?? axiom.effect,
      reason: finding.reason,
      title: axiom.title,
      severity: axiom.severity,
      ...(st.dryRun ? { dryRun: true } : {}),
      ...(finding.redactInput ? { redactInput: finding.redactInput } : {}),
    });
  }

  const hits = ruleHits.length === 0 ? axiomHits : axiomHits.length === 0 ? ruleHits : [...axiomHits, ...ruleHits];
  const decision = combine(hits, state.settings.defaultEffect, request.operation, request.input);
  decision.environment = ctx.environment;
  return { decision, hits, environment: ctx.env, ctx, applied, evaluated: { axioms: evaluatedAxioms, rules: rules.length } };
}

/** Axioms whose operation globs admit `operation` (cache the result per name). */
export function axiomsConcerning(axioms: readonly Axiom[], operation: string): Axiom[] {
  return axioms.filter(
    (a) => (!a.operations || globAny(a.operations, operation)) && !(a.exceptOperations && globAny(a.exceptOperations, operation)),
  );
}

/** Input-stage axioms among `axioms` that concern calls with `effects`. */
export function inputAxiomsWith(axioms: readonly Axiom[], effects: Effects): Axiom[] {
  return axioms.filter((a) => a.stage !== 'output' && (!a.effects || a.effects.includes(effects)));
}
