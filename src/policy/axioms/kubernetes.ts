/**
 * Axioms about Kubernetes workloads: namespace allowlist (AX-13), read-only system namespaces (AX-14), large
 * scale-downs (AX-15) and replica ceilings (AX-16) need approval, and so does deleting a namespace (AX-18).
 */
import { globAny } from '../glob-match.js';
import type { Axiom, AxiomContext } from '../types.js';
import { CURRENT_REPLICA_ARGS, KUBERNETES_OPERATIONS, NAMESPACE_KEYS, REPLICA_KEYS, SCALE_OPERATIONS } from './shapes.js';

const namespaces = (ctx: AxiomContext) => ctx.args.deepStrings(NAMESPACE_KEYS).filter((n) => n.length > 0);
const numbers = (values: unknown[]) => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

/** The workload's current replicas: from the arguments when the caller states them, else from the facts port. */
async function currentReplicas(ctx: AxiomContext): Promise<number | undefined> {
  const stated = numbers(ctx.args.top(CURRENT_REPLICA_ARGS))[0];
  if (stated !== undefined) return stated;
  const name = ctx.args.topStrings(['name', 'deployment', 'statefulset', 'workload'])[0];
  if (!name || !ctx.ports.facts.replicas) return undefined;
  const kind = ctx.args.topStrings(['kind'])[0] ?? (ctx.operation.includes('statefulset') ? 'statefulset' : 'deployment');
  return ctx.ports.facts.replicas({ kind: kind.toLowerCase(), namespace: ctx.args.topStrings(['namespace'])[0], name });
}

export const kubernetesAxioms: readonly Axiom[] = [
  {
    id: 'AX-13',
    title: 'Kubernetes namespaces are on the allowlist',
    rationale:
      'A cluster often hosts other teams’ and the platform’s own workloads. When policy.kubernetes.namespaces is set, tools may read and change only those namespaces.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['policy.kubernetes.namespaces'],
    operations: KUBERNETES_OPERATIONS,
    shape: { namespaceKeys: NAMESPACE_KEYS },
    examples: {
      fires: {
        operation: 'kubernetes_list_pods',
        effects: 'read',
        arguments: { namespace: 'payments' },
        settings: { kubernetes: { namespaces: ['shop-*'] } },
      },
      passes: {
        operation: 'kubernetes_list_pods',
        effects: 'read',
        arguments: { namespace: 'shop-eu' },
        settings: { kubernetes: { namespaces: ['shop-*'] } },
      },
    },
    check(ctx) {
      const allowed = ctx.settings.kubernetes.namespaces;
      if (allowed.length === 0) return undefined;
      const outside = namespaces(ctx).find((n) => !globAny(allowed, n));
      return outside ? { reason: `Namespace "${outside}" is not in policy.kubernetes.namespaces (${allowed.join(', ')}).` } : undefined;
    },
  },
  {
    id: 'AX-14',
    title: 'System namespaces are read-only',
    rationale:
      'kube-system and friends run the cluster itself (DNS, CNI, controllers); a change there breaks every workload at once. Tools may look, not touch.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: ['policy.kubernetes.systemNamespaces'],
    operations: KUBERNETES_OPERATIONS,
    effects: ['write', 'destructive', 'external'],
    shape: { namespaceKeys: NAMESPACE_KEYS },
    examples: {
      fires: { operation: 'kubernetes_delete_pod', effects: 'destructive', arguments: { namespace: 'kube-system', name: 'coredns-1' } },
      passes: { operation: 'kubernetes_delete_pod', effects: 'destructive', arguments: { namespace: 'shop', name: 'api-1' } },
    },
    check(ctx) {
      const hit = namespaces(ctx).find((n) => globAny(ctx.settings.kubernetes.systemNamespaces, n));
      return hit
        ? { reason: `Namespace "${hit}" is a system namespace (policy.kubernetes.systemNamespaces); it is read-only for tools.` }
        : undefined;
    },
  },
  {
    id: 'AX-15',
    title: 'Scaling a workload down by more than 50 % needs approval',
    rationale:
      'A large scale-down removes capacity faster than autoscaling or alerts react; scaling to zero is an outage. Small adjustments pass, large cuts get a second pair of eyes.',
    severity: 'medium',
    defaultOn: true,
    effect: 'require_approval',
    configKeys: ['policy.kubernetes.maxScaleDownPercent'],
    operations: SCALE_OPERATIONS,
    effects: ['write', 'destructive', 'external'],
    shape: { replicaKeys: REPLICA_KEYS, currentReplicaArgs: CURRENT_REPLICA_ARGS },
    examples: {
      fires: {
        operation: 'kubernetes_scale_deployment',
        effects: 'write',
        arguments: { namespace: 'shop', name: 'api', replicas: 2, currentReplicas: 10 },
      },
      passes: {
        operation: 'kubernetes_scale_deployment',
        effects: 'write',
        arguments: { namespace: 'shop', name: 'api', replicas: 8, currentReplicas: 10 },
      },
    },
    async check(ctx) {
      const target = numbers(ctx.args.top(REPLICA_KEYS))[0];
      if (target === undefined) return undefined;
      const current = await currentReplicas(ctx);
      const limit = ctx.settings.kubernetes.maxScaleDownPercent;
      if (current === undefined) {
        // Unknown current size: only scaling to zero is certainly a cut of more than the limit.
        return target === 0 ? { reason: `Scaling to 0 replicas stops the workload: an approver must allow it.` } : undefined;
      }
      if (current <= 0 || target >= current) return undefined;
      const cut = ((current - target) / current) * 100;
      return cut > limit
        ? {
            reason: `Scaling from ${current} to ${target} replicas cuts ${Math.round(cut)} % (more than ${limit} %): an approver must allow it.`,
          }
        : undefined;
    },
  },
  {
    id: 'AX-16',
    title: 'Replica counts above the ceiling need approval',
    rationale:
      'A typo (500 for 50) or a runaway agent can exhaust a cluster and the budget. Counts above policy.kubernetes.maxReplicas need approval.',
    severity: 'medium',
    defaultOn: true,
    effect: 'require_approval',
    configKeys: ['policy.kubernetes.maxReplicas'],
    effects: ['write', 'destructive', 'external'],
    shape: { replicaKeys: REPLICA_KEYS },
    examples: {
      fires: { operation: 'kubernetes_scale_deployment', effects: 'write', arguments: { namespace: 'shop', name: 'api', replicas: 400 } },
      passes: { operation: 'kubernetes_scale_deployment', effects: 'write', arguments: { namespace: 'shop', name: 'api', replicas: 12 } },
    },
    check(ctx) {
      const max = ctx.settings.kubernetes.maxReplicas;
      const over = numbers(ctx.args.deep(REPLICA_KEYS)).find((n) => n > max);
      return over !== undefined
        ? { reason: `${over} replicas is above policy.kubernetes.maxReplicas (${max}): an approver must allow it.` }
        : undefined;
    },
  },
  {
    id: 'AX-18',
    title: 'Deleting a namespace needs approval',
    rationale: 'Deleting a namespace deletes everything in it — workloads, secrets, volumes claims — in one call, in any environment.',
    severity: 'high',
    defaultOn: true,
    effect: 'require_approval',
    configKeys: [],
    effects: ['destructive'],
    examples: {
      fires: { operation: 'kubernetes_delete_namespace', effects: 'destructive', arguments: { name: 'shop-staging' } },
      passes: { operation: 'kubernetes_delete_pod', effects: 'destructive', arguments: { namespace: 'shop-staging', name: 'api-1' } },
    },
    check(ctx) {
      const byName = globAny(['*_delete_namespace*', '*_delete_namespaces*'], ctx.operation);
      const byKind = ctx.args.deepStrings(['kind']).some((k) => k.toLowerCase() === 'namespace');
      return byName || byKind
        ? { reason: `${ctx.operation} deletes a namespace and everything in it: an approver must allow it.` }
        : undefined;
    },
  },
];
