/**
 * HTTP metrics (duration histogram labelled by route template, never the raw URL) and GET /metrics.
 */
import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

export interface HttpMetricsOptions {
  registry: Registry;
  /** Serve the exposition at /metrics. */
  expose: boolean;
  prefix: string;
}

/** Register the request-duration histogram hook and the /metrics route. */
export function registerHttpMetrics(app: FastifyInstance, options: HttpMetricsOptions): void {
  const duration = new Histogram({
    name: `${options.prefix}http_request_duration_seconds`,
    help: 'HTTP request duration in seconds, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [options.registry],
  });
  app.addHook('onResponse', async function observeDuration(request, reply) {
    // Unmatched URLs share one label value so scanners cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  if (!options.expose) return;
  app.get('/metrics', { schema: { hide: true } }, async function metrics(_request, reply) {
    reply.type(options.registry.contentType);
    return options.registry.metrics();
  });
}
