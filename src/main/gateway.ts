/**
 * Composes the gateway from the runtime's services: registry of built-in (and federated) tool servers, and the
 * pipeline wired to auth, rate limits, policy, resilience, audit and metrics.
 */
import type { Config } from '../core/config/schema.js';
import type { Deps } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import { createCallsRepo } from '../gateway/calls-repo.js';
import { createGateway, type Gateway } from '../gateway/gateway.js';
import { createGatewayMetrics } from '../gateway/metrics.js';
import type { ToolServer } from '../gateway/operation.js';
import type { PolicyHook } from '../gateway/ports.js';
import { createRegistry } from '../gateway/registry.js';
import type { HealthCheck } from '../monitoring/health.js';
import type { Registry as MetricsRegistry } from '../monitoring/metrics.js';
import { withApprovals } from '../policy/approvals/index.js';
import { createPolicyRuntime } from './policy-runtime.js';
import type { Services } from './services.js';
import { builtInToolServers } from './tool-servers.js';

export interface GatewayBase {
  deps: Deps;
  config: Config;
  db: Database;
  services: Services;
  metrics: MetricsRegistry;
  healthChecks: readonly HealthCheck[];
  startedAt: number;
  /** Replaces the policy engine (tests); default: the engine built from config.policy. */
  policy?: PolicyHook;
  extraToolServers?: readonly ToolServer[];
  /** The config file loaded at start (the desktop tools may never touch it). */
  configFile?: string | undefined;
}

export function buildGateway(base: GatewayBase): Gateway {
  const { deps, config, services } = base;
  const registry = createRegistry();
  // approvals_execute calls back into the gateway, which exists only once its tool servers are registered.
  let gateway: Gateway | undefined;
  const call: Gateway['call'] = (name, input, request) => {
    if (!gateway) throw new AppError('E_UNAVAILABLE', 'The gateway is still starting.');
    return gateway.call(name, input, request);
  };
  const policy = createPolicyRuntime({ deps, config, db: base.db, services, registry, cwd: process.cwd() });
  for (const server of builtInToolServers({
    config,
    clock: deps.clock,
    startedAt: base.startedAt,
    healthChecks: base.healthChecks,
    registry,
    resilience: services.resilience,
    http: services.http,
    processes: services.security.processes,
    pathGuard: services.security.pathGuard,
    crawler: services.crawler,
    db: base.db,
    ids: deps.ids,
    configFile: base.configFile,
    approvals: services.approvals,
    experts: services.experts,
    authorizer: { authorize: (principal, permission, resource) => services.auth.authorize(principal, permission, resource) },
    call,
    policy,
  })) {
    registry.register(server);
  }
  for (const server of base.extraToolServers ?? []) registry.register(server);
  gateway = createGateway({
    registry,
    config: config.gateway,
    log: deps.log.child({ component: 'gateway' }),
    clock: deps.clock,
    ids: deps.ids,
    authenticator: { authenticate: (credential) => services.auth.authenticate(credential) },
    authorizer: { authorize: (principal, permission, resource) => services.auth.authorize(principal, permission, resource) },
    rateLimiter: config.rateLimit.enabled ? services.rateLimiter : undefined,
    // Approval requests come first (before destructive confirmation), so elicitation never stands in for an approver.
    policy: withApprovals(base.policy ?? policy.engine.hook, services.approvals),
    executor: {
      run: (dependency, fn, options) =>
        services.resilience.run(dependency, ({ signal }) => fn(signal), { timeoutMs: options.timeoutMs, signal: options.signal }),
    },
    audit: services.audit,
    calls: createCallsRepo(base.db),
    metrics: createGatewayMetrics(base.metrics, config.metrics.prefix),
  });
  return gateway;
}
