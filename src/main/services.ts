/**
 * Capability services, built once per process from the runtime's base parts. Each capability adds its
 * service here (in dependency order) and nowhere else; faces receive them through the runtime.
 */
import type { Deps } from '../core/deps.js';
import type { Database } from '../db/database.js';
import type { Redis } from '../db/redis.js';
import type { Registry } from '../monitoring/metrics.js';

/** What services are built from. */
export interface ServiceBase {
  deps: Deps;
  db: Database;
  redis: Redis | undefined;
  metrics: Registry;
}

// biome-ignore lint/complexity/noBannedTypes: capabilities add their services here.
export type Services = {};

export function createServices(_base: ServiceBase): Services {
  return {};
}
