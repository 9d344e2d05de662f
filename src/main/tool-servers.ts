/**
 * Every built-in tool server, composed from the runtime's services. Adding a tool server is one folder under
 * src/tools/ plus one entry here.
 */
import type { Config } from '../core/config/schema.js';
import type { Clock, Ids } from '../core/deps.js';
import type { CrawlerService } from '../crawler/crawler-service.js';
import { createAdvisoryStore } from '../crawler/deps/advisories/db-advisory-store.js';
import type { Database } from '../db/database.js';
import type { ExpertsService } from '../experts/experts-service.js';
import type { Gateway } from '../gateway/gateway.js';
import type { ToolServer } from '../gateway/operation.js';
import type { Authorizer } from '../gateway/ports.js';
import type { Registry } from '../gateway/registry.js';
import type { HealthCheck } from '../monitoring/health.js';
import { type ApprovalService, approvalsToolServer } from '../policy/approvals/index.js';
import type { HttpClient } from '../resilience/http-client.js';
import type { Resilience } from '../resilience/index.js';
import type { PathGuard } from '../security/path-guard.js';
import type { ProcessRunner } from '../security/process-runner.js';
import { braveSearchToolServer } from '../tools/brave_search/index.js';
import { crawlerToolServer, createScanJobs } from '../tools/crawler/index.js';
import { desktopToolServer, protectedPaths } from '../tools/desktop/index.js';
import { expertsToolServer } from '../tools/experts/index.js';
import { prometheusToolServer } from '../tools/prometheus/index.js';
import { breakerOps } from '../tools/resilience/breaker-ops.js';
import { securityToolServer } from '../tools/security/index.js';
import { slackToolServer } from '../tools/slack/index.js';
import { supplyChainToolServer } from '../tools/supply_chain/index.js';
import { systemGatewayOps } from '../tools/system/gateway-ops.js';
import { systemHostOps } from '../tools/system/index.js';
import type { PolicyRuntime } from './policy-runtime.js';
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
  /** The Circle of Experts, for the `experts` server. */
  experts: ExpertsService;
  /** The gateway's RBAC check, for permissions an operation needs beyond its own (experts_consult's attachments). */
  authorizer: Authorizer;
  /** The gateway's call, for operations that run other operations (approvals_execute). */
  call: Gateway['call'];
  /** Scans and snapshots, for the crawler, security and supply-chain servers. */
  crawler: CrawlerService;
  /** The database (the offline advisory store of the security and supply-chain servers). */
  db: Database;
  ids: Ids;
  /** The policy engine and its `policy` tool server. */
  policy: PolicyRuntime;
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
    slackToolServer({ http: deps.http, resilience: deps.resilience, settings: deps.config.slack }),
    braveSearchToolServer({ http: deps.http, resilience: deps.resilience, settings: deps.config.braveSearch, clock: deps.clock }),
    approvalsToolServer({ service: deps.approvals, call: deps.call, lookup: (name) => deps.registry.get(name) }),
    ...(deps.config.experts.enabled
      ? [expertsToolServer({ experts: deps.experts, deadlineMs: deps.config.experts.deadlineMs, authorizer: deps.authorizer })]
      : []),
    ...crawlerFaces(deps),
    deps.policy.server,
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

/**
 * The crawler's faces — `crawler_*` (background scans), `security_*` and `supply_chain_*` — over one path guard
 * with code-engine's own files excluded, one offline advisory store and one in-process scan job registry.
 */
function crawlerFaces(deps: ToolServerDeps): ToolServer[] {
  const { config, crawler, clock, ids } = deps;
  const files = deps.pathGuard.excluding(protectedPaths({ config, configFile: deps.configFile, cwd: process.cwd() }));
  const advisories = createAdvisoryStore(deps.db, clock);
  return [
    crawlerToolServer({ crawler, files, jobs: createScanJobs({ crawler, clock, ids }) }),
    securityToolServer({
      crawler,
      files,
      advisories,
      maxFileBytes: config.crawler.maxFileBytes,
      parseMaxBytes: config.crawler.parseMaxBytes,
    }),
    supplyChainToolServer({
      crawler,
      files,
      advisories,
      settings: config.supplyChain,
      dataDir: config.dataDir,
      // The HTTP client is handed over only when the operator allows registry lookups.
      ...(config.supplyChain.registry.enabled ? { http: deps.http } : {}),
      clock,
      ids,
      version: VERSION,
    }),
  ];
}
