import { describe, expect, it } from 'vitest';
import { fire } from './test-kit.js';

const apply = (args: Record<string, unknown>) => ({ operation: 'kubernetes_apply_manifest', effects: 'write' as const, arguments: args });
const pod = (container: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({
  manifest: { kind: 'Pod', spec: { containers: [{ name: 'c', image: 'a:1', ...container }], ...spec } },
});

describe('AX-23 no privileged containers', () => {
  it.each([
    ['privileged: true', pod({ securityContext: { privileged: true } }), true],
    ['privileged: false', pod({ securityContext: { privileged: false } }), false],
    ['allowPrivilegeEscalation', pod({ securityContext: { allowPrivilegeEscalation: true } }), true],
    ['SYS_ADMIN added', pod({ securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }), true],
    ['NET_BIND_SERVICE added', pod({ securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } }), false],
    ['Docker Privileged', { image: 'a:1', HostConfig: { Privileged: true } }, true],
    ['Docker CapAdd ALL', { image: 'a:1', HostConfig: { CapAdd: ['ALL'] } }, true],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-23', apply(args)))).toBe(fires);
  });

  it('ignores read calls', async () => {
    expect(await fire('AX-23', { ...apply(pod({ securityContext: { privileged: true } })), effects: 'read' })).toBeUndefined();
  });
});

describe('AX-24 no host namespaces or host filesystem mounts', () => {
  it.each([
    ['hostNetwork', pod({}, { hostNetwork: true }), true],
    ['hostPID', pod({}, { hostPID: true }), true],
    ['a hostPath volume', pod({}, { volumes: [{ name: 'v', hostPath: { path: '/' } }] }), true],
    ['an emptyDir volume', pod({}, { volumes: [{ name: 'v', emptyDir: {} }] }), false],
    ['Docker NetworkMode host', { image: 'a:1', HostConfig: { NetworkMode: 'host' } }, true],
    ['the Docker socket', { image: 'a:1', binds: ['/var/run/docker.sock:/var/run/docker.sock'] }, true],
    ['the host root', { image: 'a:1', binds: ['/:/host'] }, true],
    ['/etc read-only', { image: 'a:1', volumes: ['/etc:/etc:ro'] }, true],
    ['a named volume', { image: 'a:1', binds: ['data:/data'] }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-24', apply(args)))).toBe(fires);
  });
});
