/**
 * The `system` tool server: code-engine itself (version, health, gateway) and the host it runs on (OS, CPU,
 * memory, disks, processes, network interfaces, services; Windows registry and services behind a platform check).
 */
import type { Operation } from '../../gateway/operation.js';
import { diskUsageOp } from './disk-usage.js';
import { hostContext, type SystemHostDeps } from './host-deps.js';
import { networkInterfacesOp } from './network-interfaces.js';
import { processesOp } from './processes.js';
import { serviceStatusOp } from './service-status.js';
import { systemInfoOp } from './system-info.js';
import { windowsOps } from './windows.js';

export { type SystemGatewayDeps, systemGatewayOps } from './gateway-ops.js';
export type { SystemHostDeps } from './host-deps.js';

/**
 * The host operations of the `system` server.
 * @example const ops = systemHostOps({ settings: config.system, processes: services.security.processes, clock })
 */
export function systemHostOps(deps: SystemHostDeps): Operation[] {
  const ctx = hostContext(deps);
  return [systemInfoOp(ctx), diskUsageOp(ctx), processesOp(ctx), networkInterfacesOp(ctx), serviceStatusOp(ctx), ...windowsOps(ctx)];
}
