/**
 * Axioms that protect the policy engine itself: switching off (or to dry run) a critical axiom at run time needs
 * approval (AX-25), so one stolen admin session cannot silently remove the guards.
 */
import type { Axiom } from '../types.js';

export const selfProtectionAxioms: readonly Axiom[] = [
  {
    id: 'AX-25',
    title: 'Switching off a critical axiom needs approval',
    rationale:
      'The axioms are only as strong as the switch that turns them off. Disabling a critical axiom (or putting it in dry run) at run time waits for a second admin; re-enabling is always allowed.',
    severity: 'critical',
    defaultOn: true,
    effect: 'require_approval',
    configKeys: [],
    operations: ['policy_set_axiom'],
    examples: {
      fires: { operation: 'policy_set_axiom', effects: 'write', arguments: { id: 'AX-01', enabled: false }, roles: ['admin'] },
      passes: { operation: 'policy_set_axiom', effects: 'write', arguments: { id: 'AX-01', enabled: true }, roles: ['admin'] },
    },
    check(ctx) {
      const { id, enabled, dryRun } = ctx.input as { id?: unknown; enabled?: unknown; dryRun?: unknown };
      if (typeof id !== 'string' || ctx.ports.severityOf(id) !== 'critical') return undefined;
      if (enabled !== false && dryRun !== true) return undefined;
      return {
        reason: `${id} is a critical axiom; switching it ${enabled === false ? 'off' : 'to dry run'} needs a second admin's approval.`,
      };
    },
  },
];
