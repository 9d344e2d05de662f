/**
 * The `prometheus` tool server: PromQL instant and range queries, series, labels, targets, alerts, rules and
 * metric metadata over the Prometheus HTTP API (client.ts), for principals with monitoring:read.
 */
import type { PrometheusConfig } from '../../core/config/prometheus.js';
import type { Clock } from '../../core/deps.js';
import type { ToolServer } from '../../gateway/operation.js';
import type { Resilience } from '../../resilience/create-resilience.js';
import type { HttpClient } from '../../resilience/http-client.js';
import { createPrometheusClient } from './client.js';
import { queryOps } from './query-ops.js';
import { seriesOps } from './series-ops.js';
import { statusOps } from './status-ops.js';

export { createPrometheusClient, PROMETHEUS_DEPENDENCY, type PrometheusClient } from './client.js';

/** Inputs of `prometheusToolServer`. */
export interface PrometheusServerDeps {
  http: HttpClient;
  resilience: Resilience;
  settings: PrometheusConfig;
  clock: Clock;
}

/**
 * The server; registered even without `prometheus.url`, when every tool answers E_UNAVAILABLE saying so.
 * @example registry.register(prometheusToolServer({ http, resilience, settings: config.prometheus, clock }))
 */
export function prometheusToolServer(deps: PrometheusServerDeps): ToolServer {
  const client = createPrometheusClient(deps);
  const opsDeps = { client, clock: deps.clock };
  return {
    name: 'prometheus',
    title: 'Prometheus',
    description: 'PromQL queries, series, labels, scrape targets, alerts, rules and metric metadata of a Prometheus server.',
    operations: [...queryOps(opsDeps), ...seriesOps(opsDeps), ...statusOps(opsDeps)],
  };
}
