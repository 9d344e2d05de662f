/**
 * Managing the engine at run time: list axioms with their state and switch them, and create, read, update and
 * delete database rules (rule files stay read-only). Every change goes to the store and is reloaded at once here;
 * other replicas pick it up within policy.reloadIntervalMs.
 */
import type { Clock } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import type { AxiomState } from './assess.js';
import { parseRule } from './rules/rule-file.js';
import type { Rule } from './rules/rule-schema.js';
import type { AxiomOverride, PolicyStore, StoredRule } from './store/policy-store.js';
import type { Axiom, Severity } from './types.js';

/** An axiom with its current state. */
export interface AxiomView {
  id: string;
  title: string;
  rationale: string;
  severity: Severity;
  effect: Axiom['effect'];
  stage: 'input' | 'output';
  defaultOn: boolean;
  enabled: boolean;
  dryRun: boolean;
  configKeys: string[];
  operations?: string[];
  effects?: string[];
  productionOnly: boolean;
  /** Set when switched at run time (policy_set_axiom). */
  changed?: { at: string; by: string };
}

/** A rule with where it comes from. */
export interface RuleView {
  rule: Rule;
  source: 'file' | 'db';
  /** For file rules: the file. */
  file?: string;
  revision?: number;
  createdAt?: string;
  updatedAt?: string;
  createdBy?: string | null;
  updatedBy?: string | null;
}

/** The management half of the engine. */
export interface PolicyAdmin {
  listAxioms(): AxiomView[];
  /** Switch an axiom on/off or into dry run. Throws E_NOT_FOUND, E_UNAVAILABLE without a store. */
  setAxiom(id: string, patch: { enabled?: boolean | undefined; dryRun?: boolean | undefined }, by: string): Promise<AxiomView>;
  listRules(): Promise<RuleView[]>;
  getRule(id: string): Promise<RuleView>;
  createRule(input: unknown, by: string): Promise<RuleView>;
  updateRule(id: string, input: unknown, by: string, expectedRevision?: number): Promise<RuleView>;
  deleteRule(id: string): Promise<void>;
}

/** What the admin functions need from the engine. */
export interface EngineAdmin {
  axioms: readonly Axiom[];
  store: PolicyStore | undefined;
  clock: Clock;
  stateOf(id: string): AxiomState;
  overrideOf(id: string): AxiomOverride | undefined;
  fileRule(id: string): { rule: Rule; path: string } | undefined;
  fileRules(): ReadonlyArray<{ rule: Rule; path: string }>;
  storedRules(): readonly StoredRule[];
  ready(): Promise<void>;
  reload(): Promise<void>;
}

const storedView = (s: StoredRule): RuleView => ({
  rule: s.rule,
  source: 'db',
  revision: s.revision,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  createdBy: s.createdBy,
  updatedBy: s.updatedBy,
});

/** Build the admin functions over the engine's internals. */
export function createEngineAdmin(engine: EngineAdmin): PolicyAdmin {
  const byId = new Map(engine.axioms.map((a) => [a.id, a]));
  const requireStore = (): PolicyStore => {
    if (!engine.store) throw new AppError('E_UNAVAILABLE', 'This policy engine has no database: rules and switches are read-only.');
    return engine.store;
  };
  const axiomView = (a: Axiom): AxiomView => {
    const state = engine.stateOf(a.id);
    const o = engine.overrideOf(a.id);
    return {
      id: a.id,
      title: a.title,
      rationale: a.rationale,
      severity: a.severity,
      effect: a.effect,
      stage: a.stage ?? 'input',
      defaultOn: a.defaultOn,
      enabled: state.enabled,
      dryRun: state.dryRun,
      configKeys: [...a.configKeys],
      ...(a.operations ? { operations: [...a.operations] } : {}),
      ...(a.effects ? { effects: [...a.effects] } : {}),
      productionOnly: a.productionOnly === true,
      ...(o ? { changed: { at: o.updatedAt, by: o.updatedBy } } : {}),
    };
  };
  const refuseFileRule = (id: string, verb: string) => {
    const f = engine.fileRule(id);
    if (f)
      throw new AppError('E_FORBIDDEN', `Rule "${id}" comes from ${f.path}; ${verb} it in that file.`, {
        details: { reason: 'file_rule' },
      });
  };

  return {
    listAxioms: () => engine.axioms.map(axiomView),
    async setAxiom(id, patch, by) {
      const axiom = byId.get(id);
      if (!axiom) throw new AppError('E_NOT_FOUND', `No axiom "${id}".${didYouMean(id, byId.keys())}`);
      const store = requireStore();
      const previous = engine.overrideOf(id);
      const next: AxiomOverride = {
        ...(previous?.enabled !== undefined ? { enabled: previous.enabled } : {}),
        ...(previous?.dryRun !== undefined ? { dryRun: previous.dryRun } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.dryRun !== undefined ? { dryRun: patch.dryRun } : {}),
        updatedAt: new Date(engine.clock.now()).toISOString(),
        updatedBy: by,
      };
      await store.setAxiomOverride(id, next);
      await engine.reload();
      return axiomView(axiom);
    },
    async listRules() {
      await engine.ready();
      return [
        ...engine.fileRules().map(({ rule, path }): RuleView => ({ rule, source: 'file', file: path })),
        ...engine.storedRules().map(storedView),
      ];
    },
    async getRule(id) {
      await engine.ready();
      const f = engine.fileRule(id);
      if (f) return { rule: f.rule, source: 'file', file: f.path };
      const s = await engine.store?.getRule(id);
      if (!s)
        throw new AppError(
          'E_NOT_FOUND',
          `No policy rule "${id}".${didYouMean(
            id,
            engine.storedRules().map((r) => r.rule.id),
          )}`,
        );
      return storedView(s);
    },
    async createRule(input, by) {
      const rule = parseRule(input);
      refuseFileRule(rule.id, 'change');
      const s = await requireStore().insertRule(rule, by);
      await engine.reload();
      return storedView(s);
    },
    async updateRule(id, input, by, expectedRevision) {
      refuseFileRule(id, 'change');
      const rule = parseRule({ ...(input as object), id });
      const s = await requireStore().updateRule(rule, by, expectedRevision);
      await engine.reload();
      return storedView(s);
    },
    async deleteRule(id) {
      refuseFileRule(id, 'delete');
      if (!(await requireStore().deleteRule(id))) throw new AppError('E_NOT_FOUND', `No policy rule "${id}".`);
      await engine.reload();
    },
  };
}
