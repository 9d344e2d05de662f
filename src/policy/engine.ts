/**
 * The policy engine: built-in axioms plus user rules (rule files and the database), evaluated on every call by the
 * gateway through its PolicyHook, explained on request, and managed at run time. Deterministic: the same call, rules
 * and time give the same decision; deny overrides everything; dry runs only log.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { didYouMean } from '../core/suggest.js';
import type { Effects, Face } from '../gateway/operation.js';
import type { PolicyDecision, PolicyHook, PolicyMatch, PolicyRequest } from '../gateway/ports.js';
import { type Assessment, type AxiomState, assess, axiomsConcerning, createContext, inputAxiomsWith } from './assess.js';
import { AXIOMS } from './axioms/index.js';
import { redactorSecretFinder } from './axioms/secrets.js';
import { publicMatch } from './combine.js';
import { createEngineAdmin, type EngineAdmin, type PolicyAdmin } from './engine-admin.js';
import { createMemoryCounter } from './memory-counter.js';
import { compileRule } from './rules/compile-rule.js';
import type { Rule } from './rules/rule-schema.js';
import { RuleSet } from './rules/rule-set.js';
import type { AxiomOverride, PolicyStore, StoredRule } from './store/policy-store.js';
import type { Axiom, AxiomContext, AxiomResult, PolicyCounter, PolicyFacts, PolicyPorts, PolicySettings, SecretFinder } from './types.js';

/** What the engine is built from. */
export interface PolicyEngineOptions {
  settings: PolicySettings;
  clock: Clock;
  log: Logger;
  /** Default: every built-in axiom. */
  axioms?: readonly Axiom[];
  /** Rules read from rule files (read-only), in config order. */
  fileRules?: ReadonlyArray<{ path: string; rules: readonly Rule[] }>;
  /** Managed rules and axiom switches; absent = file rules only (tests, `policy test`). */
  store?: PolicyStore;
  pathGuard?: PolicyPorts['pathGuard'];
  ssrfGuard?: PolicyPorts['ssrfGuard'];
  /** Default: the redactor's patterns. */
  secrets?: SecretFinder;
  /** Default: an in-process counter. */
  counter?: PolicyCounter;
  facts?: PolicyFacts;
}

/** A call to explain: like a real one, with an optional environment and time. */
export interface ExplainRequest {
  operation: string;
  effects: Effects;
  permission?: string;
  input: Record<string, unknown>;
  principal: Principal;
  face?: Face;
  /** Evaluate in this environment instead of the one the arguments imply. */
  environment?: string;
  /** Epoch ms; default now. */
  at?: number;
}

/** Every axiom and rule that matched a call, and the decision. */
export interface Explanation {
  operation: string;
  effects: Effects;
  environment: string;
  /** How the environment was found: `argument:<name>`, `namespace:<glob>`, `target:<glob>`, `default` or `override`. */
  environmentSource: string;
  production: boolean;
  at: string;
  decision: { effect: PolicyDecision['effect']; reason?: string; rule?: string };
  matched: Array<PolicyMatch & { title?: string; severity?: string }>;
  /** Output axioms that will inspect the result (AX-08). */
  outputAxioms: string[];
  evaluated: { axioms: number; rules: number };
  /** False when policy.enabled is off or policy.dryRun is on: the decision is only logged. */
  enforced: boolean;
}

/** The engine. */
export interface PolicyEngine extends PolicyAdmin {
  /** What the gateway calls (evaluate + inspectOutput). */
  readonly hook: PolicyHook;
  evaluate(request: PolicyRequest): Promise<PolicyDecision>;
  inspectOutput(request: PolicyRequest, output: unknown): Promise<unknown>;
  explain(request: ExplainRequest): Promise<Explanation>;
  /** Re-read rules and axiom switches from the store now. */
  reload(): Promise<void>;
}

const MAX_CACHED_OPERATIONS = 2_000;

/**
 * Build the engine. Throws E_CONFIG for unknown axiom ids in config and duplicate rule ids across rule files.
 * @example const engine = createPolicyEngine({ settings: config.policy, clock: deps.clock, log, store });
 * createGateway({ ..., policy: engine.hook });
 */
export function createPolicyEngine(options: PolicyEngineOptions): PolicyEngine {
  const { settings, clock, store } = options;
  const log = options.log.child({ component: 'policy' });
  const axioms = options.axioms ?? AXIOMS;
  const axiomById = new Map(axioms.map((a) => [a.id, a]));
  for (const id of [...settings.axioms.enable, ...settings.axioms.disable, ...settings.axioms.dryRun]) {
    if (!axiomById.has(id)) throw new AppError('E_CONFIG', `policy.axioms: no axiom "${id}".${didYouMean(id, axiomById.keys())}`);
  }
  const ports: PolicyPorts = {
    ...(options.pathGuard ? { pathGuard: options.pathGuard } : {}),
    ...(options.ssrfGuard ? { ssrfGuard: options.ssrfGuard } : {}),
    secrets: options.secrets ?? redactorSecretFinder,
    counter: options.counter ?? createMemoryCounter(clock),
    facts: options.facts ?? {},
    severityOf: (id) => axiomById.get(id)?.severity,
  };

  const fileRules = (options.fileRules ?? []).flatMap((f) => f.rules.map((rule) => ({ rule, path: f.path })));
  const fileIds = new Map<string, string>();
  for (const { rule, path } of fileRules) {
    const other = fileIds.get(rule.id);
    if (other) throw new AppError('E_CONFIG', `Policy rule "${rule.id}" is defined in both ${other} and ${path}.`);
    fileIds.set(rule.id, path);
  }
  const compiledFileRules = fileRules.map(({ rule, path }) => compileRule(rule, { kind: 'file', path }));

  let stored: StoredRule[] = [];
  let ruleSet = new RuleSet(compiledFileRules);
  let overrides: Record<string, AxiomOverride> = {};
  let states = new Map<string, AxiomState>();
  let loaded = store === undefined;
  let loading: Promise<void> | undefined;
  let stamp: string | undefined;
  let lastCheck = 0;
  const axiomPlans = new Map<string, readonly Axiom[]>();

  const computeStates = () => {
    states = new Map(
      axioms.map((a) => {
        const o = overrides[a.id];
        const configured = settings.axioms.enable.includes(a.id) ? true : settings.axioms.disable.includes(a.id) ? false : a.defaultOn;
        return [a.id, { enabled: o?.enabled ?? configured, dryRun: o?.dryRun ?? settings.axioms.dryRun.includes(a.id) }];
      }),
    );
  };
  computeStates();

  const apply = (rows: StoredRule[], nextOverrides: Record<string, AxiomOverride>) => {
    stored = rows.filter((r) => {
      if (!fileIds.has(r.rule.id)) return true;
      log.warn({ rule: r.rule.id, file: fileIds.get(r.rule.id) }, 'a stored policy rule has the id of a file rule; the file rule wins');
      return false;
    });
    ruleSet = new RuleSet([...compiledFileRules, ...stored.map((r) => compileRule(r.rule, { kind: 'db' }))]);
    overrides = nextOverrides;
    computeStates();
  };

  const load = async () => {
    if (!store) return;
    const [nextStamp, rows, nextOverrides] = await Promise.all([store.stamp(), store.listRules(), store.axiomOverrides()]);
    apply(rows, nextOverrides);
    stamp = nextStamp;
    loaded = true;
    lastCheck = clock.now();
  };
  const reload = async () => {
    loading ??= load().finally(() => {
      loading = undefined;
    });
    await loading;
  };

  const firstLoad = async () => {
    try {
      await reload();
    } catch (cause) {
      log.error({ err: cause }, 'loading policy rules failed');
      // Fail closed: without the managed rules a deny rule could be missing.
      throw new AppError('E_UNAVAILABLE', 'Policy rules could not be loaded; calls are refused until they can be.', { cause });
    }
  };

  /**
   * Make sure rules are loaded (a promise only then — the hot path stays synchronous); poll the store's stamp in
   * the background every reloadIntervalMs.
   */
  const ready = (now: number): Promise<void> | undefined => {
    if (!store) return undefined;
    if (!loaded) return firstLoad();
    if (settings.reloadIntervalMs === 0 || loading || now - lastCheck < settings.reloadIntervalMs) return undefined;
    lastCheck = now;
    store
      .stamp()
      .then((next) => (next === stamp ? undefined : reload()))
      .catch((err) => log.warn({ err }, 'checking for policy changes failed; keeping the rules in force'));
    return undefined;
  };

  const axiomsFor = (operation: string): readonly Axiom[] => {
    let plan = axiomPlans.get(operation);
    if (!plan) {
      plan = axiomsConcerning(axioms, operation);
      if (axiomPlans.size < MAX_CACHED_OPERATIONS) axiomPlans.set(operation, plan);
    }
    return plan;
  };
  const inputPlans = new Map<Effects, Map<string, readonly Axiom[]>>();
  const inputAxiomsFor = (operation: string, effects: Effects): readonly Axiom[] => {
    let byName = inputPlans.get(effects);
    if (!byName) {
      byName = new Map();
      inputPlans.set(effects, byName);
    }
    let plan = byName.get(operation);
    if (!plan) {
      plan = inputAxiomsWith(axiomsFor(operation), effects);
      if (byName.size < MAX_CACHED_OPERATIONS) byName.set(operation, plan);
    }
    return plan;
  };
  const stateOf = (id: string): AxiomState => states.get(id) ?? { enabled: false, dryRun: false };
  const onAxiomError = (axiom: Axiom, err: unknown) => log.error({ err, axiom: axiom.id }, 'a policy axiom failed');
  const run = (request: PolicyRequest, now: number, environment?: string) =>
    assess(request, { settings, rules: ruleSet, ports, inputAxiomsFor, stateOf }, { now, onAxiomError, environment });

  const logDecision = (request: PolicyRequest, a: Assessment, enforced: boolean) => {
    const { decision } = a;
    if (a.hits.length === 0) return;
    const who = { principal: request.principal.id, operation: request.operation, environment: a.environment.environment };
    if (decision.effect !== 'allow') {
      const rule = 'rule' in decision ? decision.rule : undefined;
      if (enforced) log.info({ ...who, effect: decision.effect, rule }, `policy: ${decision.effect}`);
      else log.info({ ...who, effect: decision.effect, rule }, `policy dry run: would ${decision.effect}`);
    }
    for (const h of a.hits) {
      if (h.dryRun) log.info({ ...who, id: h.id, effect: h.effect, reason: h.reason }, `policy dry run: ${h.id} would ${h.effect}`);
    }
  };

  /**
   * The decision's commit: the axioms record the call (AX-20 counts it) once the pipeline knows it runs. A refusal
   * denies the call; a failing counter is logged and the call runs (its check passed).
   */
  const commitFor = (committing: readonly Axiom[], ctx: AxiomContext) =>
    async function commit(): Promise<void> {
      for (const axiom of committing) {
        let refused: AxiomResult;
        try {
          refused = await (axiom.commit as NonNullable<Axiom['commit']>)(ctx);
        } catch (err) {
          log.warn({ err, axiom: axiom.id }, 'recording a call for a policy axiom failed');
          continue;
        }
        if (!refused) continue;
        log.info({ principal: ctx.principal.id, operation: ctx.operation, rule: axiom.id }, 'policy: deny');
        throw new AppError('E_POLICY_DENIED', refused.reason, { details: { rule: axiom.id } });
      }
    };

  async function evaluate(request: PolicyRequest): Promise<PolicyDecision> {
    if (!settings.enabled) return { effect: 'allow' };
    const now = clock.now();
    const pending = ready(now);
    if (pending) await pending;
    const a = await run(request, now);
    const enforced = !settings.dryRun;
    logDecision(request, a, enforced);
    if (!enforced) {
      return { effect: 'allow', matched: a.hits.map((h) => ({ ...publicMatch(h), dryRun: true })), environment: a.environment.environment };
    }
    // A call presenting an approval runs once its approval is consumed (approvals decorator): it commits too, so
    // approved destructive calls use the hourly budget (AX-20).
    const runs =
      a.decision.effect === 'allow' || a.decision.effect === 'redact' || (a.decision.effect === 'require_approval' && request.approval);
    const committing = runs ? a.applied.filter((axiom) => axiom.commit) : [];
    if (committing.length > 0) a.decision.commit = commitFor(committing, a.ctx);
    return a.decision;
  }

  async function inspectOutput(request: PolicyRequest, output: unknown): Promise<unknown> {
    if (!settings.enabled) return output;
    const inspectors = axiomsFor(request.operation).filter((a) => a.inspect && stateOf(a.id).enabled);
    if (inspectors.length === 0) return output;
    const ctx = createContext(request, { settings, ports }, clock.now());
    let current = output;
    for (const axiom of inspectors) {
      const r = (axiom.inspect as NonNullable<Axiom['inspect']>)(ctx, current);
      if (r.found.length === 0) continue;
      const dry = settings.dryRun || stateOf(axiom.id).dryRun;
      const fields = { operation: request.operation, principal: request.principal.id, axiom: axiom.id, rules: r.found };
      // Only a read can be withheld: any other call has already changed something, and failing it would invite a
      // retry that repeats the side effect. Those outputs are redacted instead.
      const withhold = r.deny !== undefined && request.effects === 'read';
      const verb = withhold ? 'withhold' : 'redact';
      if (dry) log.info(fields, `policy dry run: ${axiom.id} would ${verb} the output`);
      else if (withhold) {
        log.info(fields, `policy: ${axiom.id} withheld the output`);
        throw new AppError('E_POLICY_DENIED', r.deny as string, { details: { rule: axiom.id } });
      } else {
        log.info(fields, `policy: ${axiom.id} redacted the output`);
        current = r.output;
      }
    }
    return current;
  }

  async function explain(request: ExplainRequest): Promise<Explanation> {
    const now = request.at ?? clock.now();
    await ready(clock.now());
    const policyRequest: PolicyRequest = {
      operation: request.operation,
      effects: request.effects,
      permission: request.permission ?? '',
      input: request.input,
      principal: request.principal,
      face: request.face ?? 'rest',
    };
    const a = await run(policyRequest, now, request.environment);
    const d = a.decision;
    return {
      operation: request.operation,
      effects: request.effects,
      environment: a.environment.environment,
      environmentSource: a.environment.source,
      production: a.environment.production,
      at: new Date(now).toISOString(),
      decision: { effect: d.effect, ...('reason' in d ? { reason: d.reason } : {}), ...('rule' in d && d.rule ? { rule: d.rule } : {}) },
      matched: a.hits.map((h) => ({
        ...publicMatch(h),
        ...(h.title ? { title: h.title } : {}),
        ...(h.severity ? { severity: h.severity } : {}),
      })),
      outputAxioms: axiomsFor(request.operation)
        .filter((x) => x.inspect && stateOf(x.id).enabled)
        .map((x) => x.id),
      evaluated: a.evaluated,
      enforced: settings.enabled && !settings.dryRun,
    };
  }

  const internals: EngineAdmin = {
    axioms,
    store,
    clock,
    stateOf,
    overrideOf: (id) => overrides[id],
    fileRule: (id) => {
      const r = ruleSet.get(id);
      return r && r.source.kind === 'file' ? { rule: r.rule, path: r.source.path } : undefined;
    },
    fileRules: () => fileRules,
    storedRules: () => stored,
    ready: async () => ready(clock.now()),
    reload,
  };
  const admin = createEngineAdmin(internals);

  return {
    hook: { evaluate, inspectOutput },
    evaluate,
    inspectOutput,
    explain,
    reload,
    ...admin,
  };
}
