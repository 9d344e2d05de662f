/**
 * Config section of the `prometheus` tool server (src/tools/prometheus): where the server is, its credentials,
 * and the limits that keep one query from flooding a model or the server (series caps, points per series).
 */
import { z } from 'zod';
import { secret } from './secret.js';

/** The `prometheus` section. */
export const prometheusSchema = z
  .strictObject({
    url: z
      .url()
      .optional()
      .describe(
        'Base URL of the Prometheus server, e.g. http://prometheus:9090 (the HTTP API is below /api/v1). Unset = the prometheus_* tools ' +
          'answer E_UNAVAILABLE. Calls pass the SSRF guard: allow a private address in http.allowHosts or http.allowCidrs.',
      ),
    bearerToken: secret(z.string().min(1))
      .optional()
      .describe('Bearer token sent as Authorization (or use the _FILE variant). Takes precedence over username/password.'),
    username: z.string().min(1).optional().describe('User for HTTP basic authentication.'),
    password: secret(z.string().min(1)).optional().describe('Password for HTTP basic authentication (or use the _FILE variant).'),
    timeoutMs: z
      .number()
      .int()
      .min(1_000)
      .max(600_000)
      .default(30_000)
      .describe('Limit of one tool call in ms, retries included; Prometheus is asked to stop evaluating a query a second before it.'),
    retry: z
      .string()
      .min(1)
      .default('fast')
      .describe('Retry preset for failed reads (resilience.retry presets: fast, standard, patient, …).'),
    maxResponseBytes: z
      .number()
      .int()
      .min(1024)
      .max(268_435_456)
      .default(8_388_608)
      .describe('Largest Prometheus answer read, in bytes; larger ones fail with E_PAYLOAD_TOO_LARGE (narrow the query).'),
    maxSeries: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(500)
      .describe('Most series, label values, targets or rules one call returns; the rest is cut and the result marked truncated.'),
    maxPointsPerSeries: z
      .number()
      .int()
      .min(10)
      .max(1_000_000)
      .default(11_000)
      .describe('Most points per series a range query may ask for ((end − start) / step + 1); 11 000 is Prometheus’s own limit.'),
    maxRangeDays: z
      .number()
      .int()
      .min(1)
      .max(3_650)
      .default(90)
      .describe('Longest time range a range query, series or label call may cover, in days.'),
  })
  .prefault({});

/** The parsed `prometheus` section. */
export type PrometheusConfig = z.infer<typeof prometheusSchema>;
