/**
 * Axioms that bound how much one caller may destroy: bulk deletes need approval (AX-17), admins need a recent MFA
 * verification for destructive calls (AX-19), and each principal has an hourly budget of destructive calls (AX-20).
 */
import { globAny } from '../glob-match.js';
import type { Axiom, AxiomContext } from '../types.js';
import { DELETE_LIST_ARGS, SELECTOR_ARGS } from './shapes.js';

/** Counter key of AX-20. */
const rateKey = (ctx: AxiomContext) => `policy:destructive:${ctx.principal.type}:${ctx.principal.id}`;

/** AX-20's finding once the hourly budget is spent. */
const spent = (ctx: AxiomContext) => ({
  reason: `You made ${ctx.settings.limits.destructivePerHour} destructive calls in the last hour (policy.limits.destructivePerHour); wait, or ask an admin to raise the limit.`,
});

export const limitAxioms: readonly Axiom[] = [
  {
    id: 'AX-17',
    title: 'Deleting more than N resources in one call needs approval',
    rationale:
      'One call that deletes dozens of resources (or everything a selector matches) has a blast radius no single-resource review anticipates. Above policy.limits.maxDeletePerCall, or with `all`/a selector, an approver looks first.',
    severity: 'high',
    defaultOn: true,
    effect: 'require_approval',
    configKeys: ['policy.limits.maxDeletePerCall'],
    effects: ['destructive'],
    shape: { listArgs: DELETE_LIST_ARGS, selectorArgs: SELECTOR_ARGS, allArgs: ['all'] },
    examples: {
      fires: {
        operation: 'docker_remove_images',
        effects: 'destructive',
        arguments: { images: Array.from({ length: 12 }, (_, i) => `app:${i}`) },
      },
      passes: { operation: 'docker_remove_images', effects: 'destructive', arguments: { images: ['app:1', 'app:2'] } },
    },
    check(ctx) {
      const max = ctx.settings.limits.maxDeletePerCall;
      if (ctx.input.all === true)
        return { reason: `${ctx.operation} with all=true deletes every matching resource: an approver must allow it.` };
      const selector = ctx.args.topStrings(SELECTOR_ARGS).find((s) => s.trim().length > 0);
      if (selector !== undefined)
        return { reason: `${ctx.operation} deletes whatever the selector "${selector.slice(0, 80)}" matches: an approver must allow it.` };
      let count = 0;
      for (const name of DELETE_LIST_ARGS) {
        const v = Object.hasOwn(ctx.input, name) ? ctx.input[name] : undefined;
        if (Array.isArray(v)) count += v.length;
      }
      return count > max
        ? {
            reason: `${ctx.operation} deletes ${count} resources in one call (policy.limits.maxDeletePerCall is ${max}): an approver must allow it.`,
          }
        : undefined;
    },
  },
  {
    id: 'AX-19',
    title: 'Admin destructive calls need MFA within the last 15 minutes',
    rationale:
      'An admin session token that leaks (a browser extension, a shared terminal) must not be enough to destroy things. Destructive calls by admins need a fresh second factor.',
    severity: 'critical',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['policy.mfa.maxAgeMinutes', 'policy.mfa.roles', 'policy.mfa.principalTypes'],
    effects: ['destructive'],
    examples: {
      fires: {
        operation: 'kubernetes_delete_pod',
        effects: 'destructive',
        arguments: { namespace: 'shop', name: 'api-1' },
        roles: ['admin'],
        mfaAgeMinutes: 40,
      },
      passes: {
        operation: 'kubernetes_delete_pod',
        effects: 'destructive',
        arguments: { namespace: 'shop', name: 'api-1' },
        roles: ['admin'],
        mfaAgeMinutes: 3,
      },
    },
    check(ctx) {
      const { mfa } = ctx.settings;
      const p = ctx.principal;
      if (!mfa.principalTypes.includes(p.type) || !p.roles.some((r) => globAny(mfa.roles, r))) return undefined;
      const maxAgeMs = mfa.maxAgeMinutes * 60_000;
      if (p.mfaVerifiedAt !== undefined && ctx.now - p.mfaVerifiedAt <= maxAgeMs) return undefined;
      const when = p.mfaVerifiedAt === undefined ? 'has not verified MFA in this session' : 'verified MFA too long ago';
      return {
        reason: `${ctx.operation} is destructive and the admin caller ${when}: log in again with your MFA code (valid ${mfa.maxAgeMinutes} minutes).`,
      };
    },
  },
  {
    id: 'AX-20',
    title: 'At most N destructive calls per principal per hour',
    rationale:
      'A compromised key or a looping agent destroys at machine speed. An hourly budget per principal (shared between replicas through Redis) turns a disaster into an incident.',
    severity: 'medium',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['policy.limits.destructivePerHour'],
    effects: ['destructive'],
    examples: {
      fires: {
        operation: 'kubernetes_delete_pod',
        effects: 'destructive',
        arguments: { namespace: 'shop', name: 'api-1' },
        settings: { limits: { destructivePerHour: 1 } },
      },
      passes: { operation: 'kubernetes_delete_pod', effects: 'destructive', arguments: { namespace: 'shop', name: 'api-1' } },
    },
    // check only looks (explain, and an early "no" before anyone is asked to confirm); commit, right before the
    // call runs, checks and counts in one atomic take — so concurrent calls cannot all pass, and calls that never
    // run (refused, declined, never confirmed) are never counted.
    async check(ctx) {
      const left = await ctx.ports.counter.remaining(rateKey(ctx), ctx.settings.limits.destructivePerHour);
      return left >= 1 ? undefined : spent(ctx);
    },
    async commit(ctx) {
      const taken = await ctx.ports.counter.take(rateKey(ctx), ctx.settings.limits.destructivePerHour);
      return taken ? undefined : spent(ctx);
    },
  },
];
