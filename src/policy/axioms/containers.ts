/**
 * Axioms about container isolation, found in arguments at any depth (Kubernetes pod specs, Docker HostConfig):
 * no privileged containers or added admin capabilities (AX-23), no host namespaces or host filesystem (AX-24).
 */
import type { Axiom, AxiomContext } from '../types.js';

/** Capabilities that amount to root on the node. */
const ROOT_CAPABILITIES = ['ALL', 'SYS_ADMIN', 'CAP_SYS_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'NET_ADMIN', 'DAC_READ_SEARCH', 'BPF'];
/** Host paths whose mount hands over the node. */
const HOST_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/crio/crio.sock'];

const isTrue = (v: unknown) => v === true || v === 'true';

function addedCapabilities(ctx: AxiomContext): string[] {
  // Kubernetes: securityContext.capabilities.add; Docker: HostConfig.CapAdd.
  const fromK8s = ctx.args
    .deepEntries('add')
    .filter((e) => typeof e.value === 'string' && e.path.toLowerCase().includes('capabilities'))
    .map((e) => e.value as string);
  return [...fromK8s, ...ctx.args.deepStrings(['capadd'])].map((c) => c.toUpperCase());
}

/** `/:/host`, `/etc:/etc:ro`, `/var/run/docker.sock:/var/run/docker.sock` → the host side. */
const bindSource = (bind: string) => bind.split(':')[0] ?? '';

export const containerAxioms: readonly Axiom[] = [
  {
    id: 'AX-23',
    title: 'No privileged containers',
    rationale:
      'A privileged container (or one with SYS_ADMIN and friends) is root on the node: it can read every other container’s secrets and escape. Workloads that truly need it are deployed by hand, not by a tool call.',
    severity: 'critical',
    defaultOn: true,
    effect: 'deny',
    configKeys: [],
    effects: ['write', 'destructive', 'external'],
    shape: { keys: ['privileged', 'allowPrivilegeEscalation', 'capabilities.add', 'CapAdd'] },
    examples: {
      fires: {
        operation: 'kubernetes_apply_manifest',
        effects: 'write',
        arguments: { manifest: { spec: { containers: [{ name: 'x', securityContext: { privileged: true } }] } } },
      },
      passes: {
        operation: 'kubernetes_apply_manifest',
        effects: 'write',
        arguments: { manifest: { spec: { containers: [{ name: 'x', securityContext: { runAsNonRoot: true } }] } } },
      },
    },
    check(ctx) {
      if (ctx.args.deep(['privileged']).some(isTrue))
        return { reason: 'The call asks for a privileged container; that is root on the node.' };
      if (ctx.args.deep(['allowprivilegeescalation']).some(isTrue))
        return { reason: 'The call allows privilege escalation in a container.' };
      const cap = addedCapabilities(ctx).find((c) => ROOT_CAPABILITIES.includes(c));
      return cap ? { reason: `The call adds the capability ${cap}, which amounts to root on the node.` } : undefined;
    },
  },
  {
    id: 'AX-24',
    title: 'No host namespaces or host filesystem mounts',
    rationale:
      'hostNetwork, hostPID, hostIPC, hostPath volumes and bind mounts of / or the container runtime socket give a container the node itself.',
    severity: 'high',
    defaultOn: true,
    effect: 'deny',
    configKeys: [],
    effects: ['write', 'destructive', 'external'],
    shape: { keys: ['hostNetwork', 'hostPID', 'hostIPC', 'hostPath', 'NetworkMode', 'PidMode', 'IpcMode', 'Binds', 'volumes'] },
    examples: {
      fires: {
        operation: 'docker_run_container',
        effects: 'write',
        arguments: { image: 'app:1', binds: ['/var/run/docker.sock:/var/run/docker.sock'] },
      },
      passes: { operation: 'docker_run_container', effects: 'write', arguments: { image: 'app:1', binds: ['app-data:/data'] } },
    },
    check(ctx) {
      const flag = ['hostnetwork', 'hostpid', 'hostipc'].find((k) => ctx.args.deep([k]).some(isTrue));
      if (flag) return { reason: `The call asks for the host's ${flag.slice(4)} namespace.` };
      const mode = ctx.args.deepStrings(['networkmode', 'pidmode', 'ipcmode']).find((m) => m.toLowerCase() === 'host');
      if (mode) return { reason: 'The call shares a host namespace (mode "host").' };
      if (ctx.args.deep(['hostpath']).some((v) => v !== null && v !== undefined)) return { reason: 'The call mounts a hostPath volume.' };
      const sources = ctx.args.deepStrings(['binds', 'volumes', 'mounts']).map(bindSource);
      const bad = sources.find((s) => s === '/' || HOST_SOCKETS.includes(s) || /^\/(etc|proc|sys|root|boot|dev)(\/|$)/.test(s));
      return bad ? { reason: `The call mounts the host path "${bad}".` } : undefined;
    },
  },
];
