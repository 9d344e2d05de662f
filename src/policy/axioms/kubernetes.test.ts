import { describe, expect, it } from 'vitest';
import type { Effects } from '../../gateway/operation.js';
import type { AxiomExample } from '../types.js';
import { fire } from './test-kit.js';

const k8s = (operation: string, effects: Effects, args: Record<string, unknown>, extra: Partial<AxiomExample> = {}): AxiomExample => ({
  operation,
  effects,
  arguments: args,
  ...extra,
});

describe('AX-13 Kubernetes namespaces are on the allowlist', () => {
  const settings = { kubernetes: { namespaces: ['shop-*', 'web'] } };
  it.each([
    ['an allowed namespace', { namespace: 'shop-eu' }, false],
    ['another namespace', { namespace: 'payments' }, true],
    ['a namespace list with one outsider', { namespaces: ['web', 'payments'] }, true],
    ['a manifest namespace', { manifest: { metadata: { namespace: 'payments' } } }, true],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-13', k8s('kubernetes_list_pods', 'read', args, { settings })))).toBe(fires);
  });

  it('allows every namespace when none is configured', async () => {
    expect(await fire('AX-13', k8s('kubernetes_list_pods', 'read', { namespace: 'payments' }))).toBeUndefined();
  });
});

describe('AX-14 system namespaces are read-only', () => {
  it.each([
    ['a delete in kube-system', 'kubernetes_delete_pod', 'destructive', { namespace: 'kube-system' }, true],
    ['a scale in kube-public', 'kubernetes_scale_deployment', 'write', { namespace: 'kube-public', replicas: 1 }, true],
    ['a read in kube-system', 'kubernetes_list_pods', 'read', { namespace: 'kube-system' }, false],
    ['a delete in an app namespace', 'kubernetes_delete_pod', 'destructive', { namespace: 'shop' }, false],
  ] as const)('%s → fires: %s', async (_, operation, effects, args, fires) => {
    expect(Boolean(await fire('AX-14', k8s(operation, effects, args)))).toBe(fires);
  });
});

describe('AX-15 scaling down by more than 50 % needs approval', () => {
  const scale = (args: Record<string, unknown>) => k8s('kubernetes_scale_deployment', 'write', { namespace: 'shop', name: 'api', ...args });
  it.each([
    ['10 → 4 (60 %)', { replicas: 4, currentReplicas: 10 }, true],
    ['10 → 5 (50 %)', { replicas: 5, currentReplicas: 10 }, false],
    ['10 → 12 (up)', { replicas: 12, currentReplicas: 10 }, false],
    ['unknown → 0', { replicas: 0 }, true],
    ['unknown → 2', { replicas: 2 }, false],
    ['0 → 0', { replicas: 0, currentReplicas: 0 }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-15', scale(args)))).toBe(fires);
  });

  it('asks the facts port for the current replicas', async () => {
    const seen: unknown[] = [];
    const facts = {
      replicas: async (ref: unknown) => {
        seen.push(ref);
        return 8;
      },
    };
    expect(await fire('AX-15', scale({ replicas: 2 }), { facts })).toBeDefined();
    expect(seen).toEqual([{ kind: 'deployment', namespace: 'shop', name: 'api' }]);
  });

  it('uses the configured limit', async () => {
    const c = { ...scale({ replicas: 7, currentReplicas: 10 }), settings: { kubernetes: { maxScaleDownPercent: 20 } } };
    expect(await fire('AX-15', c)).toBeDefined();
  });
});

describe('AX-16 replica counts above the ceiling need approval', () => {
  it.each([
    [50, false],
    [51, true],
  ])('%i replicas → fires: %s', async (replicas, fires) => {
    expect(Boolean(await fire('AX-16', k8s('kubernetes_scale_deployment', 'write', { replicas })))).toBe(fires);
  });

  it('finds replicas in a manifest', async () => {
    expect(await fire('AX-16', k8s('kubernetes_apply_manifest', 'write', { manifest: { spec: { replicas: 900 } } }))).toBeDefined();
  });
});

describe('AX-18 deleting a namespace needs approval', () => {
  it.each([
    ['a namespace delete operation', 'kubernetes_delete_namespace', {}, true],
    ['a generic delete of kind Namespace', 'kubernetes_delete_resource', { kind: 'Namespace', name: 'x' }, true],
    ['a pod delete', 'kubernetes_delete_pod', { kind: 'Pod', name: 'x' }, false],
  ])('%s → fires: %s', async (_, operation, args, fires) => {
    expect(Boolean(await fire('AX-18', k8s(operation, 'destructive', args)))).toBe(fires);
  });
});
