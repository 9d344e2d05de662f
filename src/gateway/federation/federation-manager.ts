/**
 * The FederationManager: every configured upstream MCP server as a client, its tools registered in the gateway
 * as `<alias>__<tool>`, health-checked, reconnected and refreshed (see upstream.ts). src/main starts it for
 * `serve` and `mcp` and stops it on shutdown.
 */
import type { UpstreamConfig } from '../../core/config/gateway.js';
import { AppError } from '../../core/errors.js';
import type { Registry } from '../registry.js';
import { createUpstream, type Upstream, type UpstreamDeps, type UpstreamStatus, type UpstreamTiming } from './upstream.js';

/** Options of `createFederationManager`. */
export interface FederationOptions extends Omit<UpstreamDeps, 'timing' | 'publish' | 'withdraw'> {
  /** config.federation.servers */
  servers: readonly UpstreamConfig[];
  /** The gateway's registry: upstream tool servers are registered, replaced and removed here. */
  registry: Registry;
  /** config.federation.healthIntervalMs plus connection timing; defaults suit production. */
  timing: Pick<UpstreamTiming, 'healthIntervalMs'> & Partial<UpstreamTiming>;
}

/** Status of every configured upstream, including ones refused for their configuration. */
export type FederationStatus = UpstreamStatus;

/** All upstreams of a process. */
export interface FederationManager {
  /** Connect every upstream; resolves once each has tried once (failures are retried in the background). */
  start(): Promise<void>;
  /** Close every connection (stdio children end), cancel timers and remove the upstream tools. */
  stop(): Promise<void>;
  status(): FederationStatus[];
  /** Re-list the tools of one upstream now. */
  refresh(alias: string): Promise<void>;
}

const DEFAULT_TIMING = { connectTimeoutMs: 30_000, reconnectBaseDelayMs: 1_000, reconnectMaxDelayMs: 60_000 };

/**
 * Create the manager (nothing connects before `start`).
 * @example
 * const federation = createFederationManager({ servers: config.federation.servers, registry: gateway.registry,
 *   timing: { healthIntervalMs: config.federation.healthIntervalMs }, clock, timers, random: Math.random, log,
 *   fetch: globalThis.fetch, inheritedEnv: process.env, clientInfo: { name: 'code-engine', version } });
 * await federation.start();
 */
export function createFederationManager(options: FederationOptions): FederationManager {
  const { registry } = options;
  const timing: UpstreamTiming = { ...DEFAULT_TIMING, ...options.timing };
  const upstreams = new Map<string, Upstream>();
  const refused: FederationStatus[] = [];

  const deps: UpstreamDeps = {
    ...options,
    timing,
    publish(server) {
      // Never swap out a built-in tool server registered under the same name after this manager was made.
      if (registry.server(server.name) && !registry.server(server.name)?.upstream)
        throw new AppError('E_CONFLICT', `A built-in tool server is named "${server.name}"; choose another alias.`);
      registry.replace(server);
    },
    withdraw: (alias) => {
      if (registry.server(alias)?.upstream) registry.unregister(alias);
    },
  };

  for (const config of options.servers) {
    // An alias must not take over a built-in tool server (registry.replace would swap it out) or another upstream.
    const taken = upstreams.has(config.alias)
      ? 'another upstream has the same alias'
      : registry.server(config.alias)
        ? `a built-in tool server is named "${config.alias}"`
        : undefined;
    if (taken) {
      options.log.error({ upstream: config.alias }, `federation: upstream ${config.alias} is not started: ${taken}`);
      refused.push({
        alias: config.alias,
        transport: config.transport,
        state: 'stopped',
        tools: 0,
        lastError: taken,
        reconnectAttempts: 0,
      });
      continue;
    }
    upstreams.set(config.alias, createUpstream(config, deps));
  }

  let started: Promise<void> | undefined;
  return {
    start() {
      started ??= Promise.all([...upstreams.values()].map((u) => u.start())).then(() => undefined);
      return started;
    },
    async stop() {
      await Promise.all([...upstreams.values()].map((u) => u.stop()));
    },
    status: () => [...[...upstreams.values()].map((u) => u.status()), ...refused],
    async refresh(alias) {
      const upstream = upstreams.get(alias);
      if (!upstream) return;
      await upstream.refresh();
    },
  };
}
