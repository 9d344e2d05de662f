/**
 * Axioms about production as a whole: destructive calls need an approver (AX-01), unattended principals need one
 * too when turned on (AX-26), and so do changes outside business hours (AX-27).
 */
import { inWindow } from '../time-window.js';
import type { Axiom } from '../types.js';

export const productionAxioms: readonly Axiom[] = [
  {
    id: 'AX-01',
    title: 'Destructive operations in production need approval',
    rationale:
      'A destructive call in production can lose data or take a service down, and an LLM agent can issue one from a misread prompt. A second person looking at the exact call is the cheapest safeguard.',
    severity: 'critical',
    defaultOn: true,
    effect: 'require_approval',
    configKeys: ['policy.environment.*'],
    effects: ['destructive'],
    productionOnly: true,
    examples: {
      fires: {
        operation: 'kubernetes_delete_deployment',
        effects: 'destructive',
        arguments: { namespace: 'shop', name: 'api', environment: 'production' },
      },
      passes: {
        operation: 'kubernetes_delete_deployment',
        effects: 'destructive',
        arguments: { namespace: 'shop', name: 'api', environment: 'staging' },
      },
    },
    check: (ctx) => ({
      reason: `${ctx.operation} is destructive and "${ctx.environment}" is a production environment: an approver must allow this exact call.`,
    }),
  },
  {
    id: 'AX-26',
    title: 'Destructive calls in production need a human caller',
    rationale:
      'API keys and service principals act unattended; when one of them tries to destroy something in production, nobody is watching. Turn this on when automation should never delete production resources on its own.',
    severity: 'high',
    defaultOn: false,
    effect: 'require_approval',
    configKeys: ['policy.axioms.enable'],
    effects: ['destructive'],
    productionOnly: true,
    examples: {
      fires: {
        operation: 'deploy_delete_release',
        effects: 'destructive',
        arguments: { environment: 'production' },
        principalType: 'api_key',
      },
      passes: {
        operation: 'deploy_delete_release',
        effects: 'destructive',
        arguments: { environment: 'production' },
        principalType: 'user',
      },
    },
    check: (ctx) =>
      ctx.principal.type === 'user'
        ? undefined
        : {
            reason: `${ctx.operation} is destructive in production and the caller is an unattended ${ctx.principal.type.replace('_', ' ')}: a person must approve it.`,
          },
  },
  {
    id: 'AX-27',
    title: 'Production changes outside business hours need approval',
    rationale:
      'Changes made when few people are around are noticed late and fixed slowly. Turn this on to make after-hours production changes a deliberate, approved act.',
    severity: 'medium',
    defaultOn: false,
    effect: 'require_approval',
    configKeys: ['policy.businessHours', 'policy.axioms.enable'],
    effects: ['write', 'destructive'],
    productionOnly: true,
    examples: {
      fires: { operation: 'deploy_rollout', effects: 'write', arguments: { environment: 'production' }, at: '2026-01-10T03:00:00Z' },
      passes: { operation: 'deploy_rollout', effects: 'write', arguments: { environment: 'production' }, at: '2026-01-07T10:00:00Z' },
    },
    check: (ctx) =>
      inWindow(ctx.settings.businessHours, ctx.now)
        ? undefined
        : { reason: `${ctx.operation} changes production outside business hours (policy.businessHours): an approver must allow it.` },
  },
];
