/**
 * Every built-in tool server, composed from the runtime's services. Adding a tool server is one folder under
 * src/tools/ plus one entry here.
 */
import type { Config } from '../core/config/schema.js';
import type { Clock } from '../core/deps.js';
import type { Gateway } from '../gateway/gateway.js';
import type { ToolServer } from '../gateway/operation.js';
import type { Registry } from '../gateway/registry.js';
import type { HealthCheck } from '../monitoring/health.js';
import { type ApprovalService, approvalsToolServer } from '../policy/approvals/index.js';
import type { HttpClient } from '../resilience/http-client.js';
import type { Resilience } from '../resilience/index.js';
import type { PathGuard } from '../security/path-guard.js';
import type { ProcessRunner } from '../security/process-runner.js';
import { desktopToolServer, protectedPaths } from '../tools/desktop/index.js';
import { prometheusToolServer } from '../tools/prometheus/index.js';
import { breakerOps } from '../tools/resilience/breaker-ops.js';
import { systemGatewayOps } from '../tools/system/gateway-ops.js';
import { systemHostOps } from '../tools/system/index.js';
import { VERSION } from './version.js';

export interface ToolServerDeps {
  config: Config;
  clock: Clock;
  startedAt: number;
  healthChecks: readonly HealthCheck[];
  registry: Registry;
  resilience: Resilience;
  /** The shared SSRF-guarded HTTP client (Prometheus, Slack, Brave Search). */
  http: HttpClient;
  /** The safe process runner (systemctl, reg, sc for the host tools). */
  processes: ProcessRunner;
  /** The shared path guard (security.files.roots); the desktop server excludes its protected paths from it. */
  pathGuard: PathGuard;
  /** The config file loaded at start, protected from the desktop tools. */
  configFile?: string | undefined;
  approvals: ApprovalService;
  /** The gateway's call, for operations that run other operations (approvals_execute). */
  call: Gateway['call'];
}

export function builtInToolServers(deps: ToolServerDeps): ToolServer[] {
  return [
    {
      name: 'system',
      title: 'System',
      description:
        'code-engine itself (version, health, gateway) and the host it runs on: OS, CPU, memory, disks, processes, network, services.',
      operations: [
        ...systemGatewayOps({
          version: VERSION,
          clock: deps.clock,
          startedAt: deps.startedAt,
          healthChecks: deps.healthChecks,
          registry: deps.registry,
          mode: deps.config.gateway.mode,
          faces: { mcpHttp: deps.config.mcp.http.enabled, rest: true },
        }),
        ...systemHostOps({ settings: deps.config.system, processes: deps.processes, clock: deps.clock }),
      ],
    },
    {
      name: 'resilience',
      title: 'Resilience',
      description: 'Circuit breakers of every outside dependency: inspect, open, close, reset, tune.',
      operations: breakerOps({ breakers: deps.resilience.breakers }),
    },
    prometheusToolServer({ http: deps.http, resilience: deps.resilience, settings: deps.config.prometheus, clock: deps.clock }),
    approvalsToolServer({ service: deps.approvals, call: deps.call, lookup: (name) => deps.registry.get(name) }),
    ...(deps.config.desktop.enabled
      ? [
          desktopToolServer({
            pathGuard: deps.pathGuard,
            processes: deps.processes,
            settings: deps.config.desktop,
            protectedPaths: protectedPaths({ config: deps.config, configFile: deps.configFile, cwd: process.cwd() }),
            clock: deps.clock,
          }),
        ]
      : []),
  ];
}
