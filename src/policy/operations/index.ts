/**
 * The `policy` tool server: axioms (list, switch), explain, and user rules (list, get, create, update, delete, test).
 */
import type { ToolServer } from '../../gateway/operation.js';
import { axiomOps } from './axiom-ops.js';
import { explainOps } from './explain-ops.js';
import { type RuleOpsDeps, ruleOps } from './rule-ops.js';

export type { OperationLookup } from './explain-ops.js';
export type { RuleOpsDeps } from './rule-ops.js';

/**
 * @example registry.register(policyToolServer({ engine, lookup: (n) => registry.get(n), clock, testEngine }))
 */
export function policyToolServer(deps: RuleOpsDeps): ToolServer {
  return {
    name: 'policy',
    title: 'Policy',
    description: 'The policy engine: numbered axioms, user rules, and explanations of what policy decides for a call.',
    operations: [...axiomOps(deps.engine), ...explainOps(deps), ...ruleOps(deps)],
  };
}
