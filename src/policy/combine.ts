/**
 * From matches to one decision, deterministically: deny beats require_approval beats redact beats allow, whatever
 * the order; dry-run matches are reported but never decide. With `defaultEffect: deny` a call passes only when an
 * enforced `allow` rule matched it.
 */
import type { PolicyDecision, PolicyEffect, PolicyMatch } from '../gateway/ports.js';

/** A match as the engine collects it: the public fields plus how a `redact` match rewrites the input. */
export interface Hit extends PolicyMatch {
  /** Title of the axiom or description of the rule (explain). */
  title?: string;
  severity?: string;
  /** For `redact`: rewrite the input (applied in match order). */
  redactInput?(input: Record<string, unknown>): Record<string, unknown>;
}

const RANK: Record<PolicyEffect, number> = { allow: 0, redact: 1, require_approval: 2, deny: 3 };

/** The public view of a hit (no functions). */
export function publicMatch(hit: Hit): PolicyMatch {
  return { id: hit.id, kind: hit.kind, effect: hit.effect, reason: hit.reason, ...(hit.dryRun ? { dryRun: true } : {}) };
}

/** The strongest effect among enforced hits (`allow` when none). */
export function strongestEffect(hits: readonly Hit[]): PolicyEffect {
  let best: PolicyEffect = 'allow';
  for (const h of hits) if (!h.dryRun && RANK[h.effect] > RANK[best]) best = h.effect;
  return best;
}

/**
 * Combine the hits of one call into the decision the gateway applies.
 * @example combine(hits, 'allow', 'kubernetes_delete_pod', input)
 */
export function combine(
  hits: readonly Hit[],
  defaultEffect: 'allow' | 'deny',
  operation: string,
  input: Record<string, unknown>,
): PolicyDecision {
  const matched = hits.map(publicMatch);
  let effect = strongestEffect(hits);
  const allowed = hits.some((h) => !h.dryRun && h.effect === 'allow');
  if (defaultEffect === 'deny' && effect !== 'deny' && !allowed) {
    return {
      effect: 'deny',
      reason: `No policy rule allows ${operation}, and policy.defaultEffect is deny.`,
      rule: 'default',
      matched,
    };
  }
  if (effect === 'allow') return { effect: 'allow', matched };
  const deciding = hits.filter((h) => !h.dryRun && h.effect === effect);
  const first = deciding[0] as Hit;
  const more =
    deciding.length > 1
      ? ` (also: ${deciding
          .slice(1)
          .map((h) => h.id)
          .join(', ')})`
      : '';
  const reason = `${first.reason}${more}`;
  if (effect === 'redact') {
    let rewritten = input;
    for (const h of deciding) if (h.redactInput) rewritten = h.redactInput(rewritten);
    return { effect: 'redact', reason, input: rewritten, rule: first.id, matched };
  }
  effect = effect as 'deny' | 'require_approval';
  return { effect, reason, rule: first.id, matched };
}
