/**
 * `prometheus_query` (instant) and `prometheus_query_range` (range) PromQL queries, with series caps and the
 * step/range sanity check before anything is sent.
 */
import { z } from 'zod';
import type { Clock } from '../../core/deps.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { queryData, sample } from './api-schemas.js';
import { PROMETHEUS_DEPENDENCY, type PrometheusClient } from './client.js';
import { checkRange, durationArg, parseTime, timeArg } from './time-range.js';

/** What the Prometheus operations close over. */
export interface PrometheusOpsDeps {
  client: PrometheusClient;
  clock: Clock;
}

/** The `limit` argument of the listing operations: at most prometheus.maxSeries entries. */
export function entryLimit(settings: PrometheusClient['settings']) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(settings.maxSeries)
    .optional()
    .describe(`Most entries returned (default and maximum ${settings.maxSeries})`);
}

/** Permission, effects, breaker and timeout shared by the read operations that list things. */
export function listingCommon(settings: PrometheusClient['settings']) {
  return { permission: 'monitoring:read', effects: 'read' as const, dependency: PROMETHEUS_DEPENDENCY, timeoutMs: settings.timeoutMs };
}

const series = z.object({
  metric: z.record(z.string(), z.string()).describe('Labels of the series, __name__ included'),
  value: sample.optional().describe('Instant queries: [unix seconds, "value"]'),
  values: z.array(sample).optional().describe('Range queries: [[unix seconds, "value"], …]'),
});

const output = z.object({
  resultType: z.enum(['vector', 'matrix', 'scalar', 'string']),
  series: z.array(series),
  scalar: sample.optional().describe('For scalar and string results: [unix seconds, "value"]'),
  totalSeries: z.number().int().describe('Series Prometheus returned before the cap'),
  truncated: z.boolean().describe('True when series were left out (limit / prometheus.maxSeries)'),
  warnings: z.array(z.string()),
});
type Output = z.infer<typeof output>;

const promql = z.string().min(1).max(20_000).describe('PromQL expression, e.g. rate(http_requests_total[5m])');
const RENDER_ROWS = 20;

const labelText = (m: Record<string, string>) => {
  const { __name__: name = '', ...rest } = m;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}="${v}"`);
  return `${name}{${pairs.join(', ')}}`;
};

function render(o: Output): string {
  if (o.scalar) return `${o.resultType}: ${o.scalar[1]} at ${new Date(o.scalar[0] * 1000).toISOString()}`;
  if (o.series.length === 0) return 'No series matched.';
  const rows = o.series
    .slice(0, RENDER_ROWS)
    .map((s) =>
      s.value
        ? `${labelText(s.metric)} => ${s.value[1]}`
        : `${labelText(s.metric)}: ${s.values?.length ?? 0} points, last ${s.values?.at(-1)?.[1] ?? '-'}`,
    );
  const more = o.totalSeries - rows.length;
  return [
    ...rows,
    ...(more > 0 ? [`… ${more} more series${o.truncated ? ' (truncated)' : ''}`] : []),
    ...o.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}

function shape(data: z.infer<typeof queryData>, limit: number, warnings: string[]): Output {
  if (data.resultType === 'scalar' || data.resultType === 'string') {
    return { resultType: data.resultType, series: [], scalar: data.result, totalSeries: 0, truncated: false, warnings };
  }
  const all =
    data.resultType === 'vector'
      ? data.result.map((r) => ({ metric: r.metric, ...(r.value ? { value: r.value } : {}) }))
      : data.result.map((r) => ({ metric: r.metric, ...(r.values ? { values: r.values } : {}) }));
  return { resultType: data.resultType, series: all.slice(0, limit), totalSeries: all.length, truncated: all.length > limit, warnings };
}

/** Build the two query operations. */
export function queryOps(deps: PrometheusOpsDeps): Operation[] {
  const { client, clock } = deps;
  const s = client.settings;
  const limit = z.coerce
    .number()
    .int()
    .min(1)
    .max(s.maxSeries)
    .optional()
    .describe(`Most series returned (default and maximum: prometheus.maxSeries, ${s.maxSeries})`);
  // Ask Prometheus to give up a second before our own deadline, so a heavy query stops on the server too.
  const evalTimeout = `${Math.max(1, Math.floor(s.timeoutMs / 1000) - 1)}s`;

  const query = defineOperation({
    name: 'prometheus_query',
    title: 'PromQL instant query',
    description:
      'Evaluate a PromQL expression at one instant (default now). Returns series with their labels and value, or a scalar; ' +
      `at most prometheus.maxSeries (${s.maxSeries}) series.`,
    input: z.object({
      query: promql,
      time: timeArg.optional().describe('Evaluation time: RFC 3339, Unix seconds or "now-5m"; default now'),
      limit,
    }),
    output,
    permission: 'monitoring:read',
    effects: 'read',
    dependency: PROMETHEUS_DEPENDENCY,
    timeoutMs: s.timeoutMs,
    http: { method: 'POST', path: '/api/prometheus/query' },
    example: { query: 'sum by (job) (up)' },
    render,
    run: async (input, { signal }) => {
      const params = new URLSearchParams({ query: input.query, timeout: evalTimeout });
      if (input.time !== undefined) params.set('time', String(parseTime(input.time, clock.now())));
      const { data, warnings } = await client.call('query', params, queryData, { signal, method: 'POST' });
      return shape(data, input.limit ?? s.maxSeries, warnings);
    },
  });

  const queryRange = defineOperation({
    name: 'prometheus_query_range',
    title: 'PromQL range query',
    description:
      'Evaluate a PromQL expression over a time range at a fixed step (default: about 250 points). Refused before sending when ' +
      `(end − start) / step exceeds prometheus.maxPointsPerSeries (${s.maxPointsPerSeries}) or the range exceeds ${s.maxRangeDays} days.`,
    input: z.object({
      query: promql,
      start: timeArg.default('now-1h').describe('Range start: RFC 3339, Unix seconds or relative like "now-6h". Default now-1h.'),
      end: timeArg.default('now').describe('Range end. Default now.'),
      step: durationArg.optional().describe('Resolution: "15s", "1m", "1h" or seconds. Default: range / 250, at least 1s.'),
      limit,
    }),
    output,
    permission: 'monitoring:read',
    effects: 'read',
    dependency: PROMETHEUS_DEPENDENCY,
    timeoutMs: s.timeoutMs,
    http: { method: 'POST', path: '/api/prometheus/query_range' },
    example: { query: 'rate(process_cpu_seconds_total[5m])', start: 'now-6h', step: '1m' },
    render,
    run: async (input, { signal }) => {
      const bounds = checkRange({ start: input.start, end: input.end }, clock.now(), s);
      const step = input.step ?? Math.max(1, Math.ceil((bounds.end - bounds.start) / 250));
      const { start, end } = checkRange({ start: input.start, end: input.end, step }, clock.now(), s);
      const params = new URLSearchParams({
        query: input.query,
        start: String(start),
        end: String(end),
        step: String(step),
        timeout: evalTimeout,
      });
      const { data, warnings } = await client.call('query_range', params, queryData, { signal, method: 'POST' });
      return shape(data, input.limit ?? s.maxSeries, warnings);
    },
  });

  return [query, queryRange];
}
