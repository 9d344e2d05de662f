/**
 * The rules in force, in a fixed order (rule files in config order, then database rules by id), with the rules
 * that concern each operation name computed once and cached — evaluation then only checks those.
 */
import type { CompiledRule } from './compile-rule.js';

const MAX_CACHED_OPERATIONS = 2_000;

/** An immutable set of compiled rules. */
export class RuleSet {
  readonly rules: readonly CompiledRule[];
  readonly #byId: Map<string, CompiledRule>;
  readonly #byOperation = new Map<string, readonly CompiledRule[]>();

  constructor(rules: readonly CompiledRule[]) {
    this.rules = rules;
    this.#byId = new Map(rules.map((r) => [r.rule.id, r]));
  }

  get(id: string): CompiledRule | undefined {
    return this.#byId.get(id);
  }

  /** Enabled rules whose operation globs match `operation`, in set order. */
  forOperation(operation: string): readonly CompiledRule[] {
    let list = this.#byOperation.get(operation);
    if (!list) {
      list = this.rules.filter((r) => r.rule.enabled && r.concerns(operation));
      // Explain accepts any name; keep the cache bounded.
      if (this.#byOperation.size < MAX_CACHED_OPERATIONS) this.#byOperation.set(operation, list);
    }
    return list;
  }
}
