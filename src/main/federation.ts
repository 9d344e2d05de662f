/**
 * Wires federation into the runtime: the FederationManager over the gateway's registry (upstream tools as
 * `<alias>__<tool>`), and the `mcp_federation_status` operation when upstreams are configured.
 */
import type { Deps } from '../core/deps.js';
import { createFederationManager, type FederationManager, federationToolServer } from '../gateway/federation/index.js';
import type { Registry } from '../gateway/registry.js';
import type { Resilience } from '../resilience/index.js';
import { VERSION } from './version.js';

/** What federation is built from. */
export interface FederationBase {
  deps: Deps;
  registry: Registry;
  resilience: Resilience;
  /** Only PATH and HOME are read from it (for stdio upstreams). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Build the manager (connecting starts with `start()`) and register the status operation. */
export function createFederation(base: FederationBase): FederationManager {
  const { deps, registry, resilience } = base;
  const { federation } = deps.config;
  // Registered before the manager checks aliases, so an upstream cannot claim the name "mcp".
  if (federation.servers.length > 0) {
    registry.register(
      federationToolServer({ status: () => manager.status(), breakerState: (name) => resilience.breakers.get(name).snapshot().state }),
    );
  }
  const manager: FederationManager = createFederationManager({
    servers: federation.servers,
    registry,
    timing: { healthIntervalMs: federation.healthIntervalMs },
    clock: deps.clock,
    timers: resilience.time.timers,
    // Jitter only spreads reconnects apart; it needs no cryptographic randomness.
    random: Math.random,
    log: deps.log.child({ component: 'federation' }),
    // Upstream URLs come from the operator's config, like providers' base URLs (often loopback): plain fetch.
    fetch: globalThis.fetch,
    inheritedEnv: { PATH: base.env.PATH, HOME: base.env.HOME },
    clientInfo: { name: 'code-engine', version: VERSION },
  });
  return manager;
}
