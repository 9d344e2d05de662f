/**
 * The Prometheus registry of one process (one per app instance, so tests can run several side by side).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface MetricsOptions {
  defaultMetrics: boolean;
  prefix: string;
}

/** A fresh registry, with Node.js process metrics when asked. */
export function createMetricsRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: options.prefix });
  return registry;
}

export type { Registry };
