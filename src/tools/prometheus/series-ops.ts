/**
 * Metadata about series: `prometheus_series` (series matching selectors), `prometheus_labels` (label names) and
 * `prometheus_label_values` (values of one label), each capped at prometheus.maxSeries.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { seriesData, stringList } from './api-schemas.js';
import { entryLimit, listingCommon, type PrometheusOpsDeps } from './query-ops.js';
import { checkRange, timeArg } from './time-range.js';

const selector = z.string().min(1).max(4_000);
const matchers = z.array(selector).max(20);

/** Adds `match[]`, `start` and `end` when given (start defaults to an hour before end). */
function scope(
  deps: PrometheusOpsDeps,
  input: { match?: string[] | undefined; start?: string | number | undefined; end?: string | number | undefined },
): URLSearchParams {
  const params = new URLSearchParams();
  for (const m of input.match ?? []) params.append('match[]', m);
  if (input.start !== undefined || input.end !== undefined) {
    const { start, end } = checkRange({ start: input.start ?? 'now-1h', end: input.end ?? 'now' }, deps.clock.now(), deps.client.settings);
    params.set('start', String(start));
    params.set('end', String(end));
  }
  return params;
}

const capInfo = {
  total: z.number().int().describe('How many Prometheus returned before the cap'),
  truncated: z.boolean(),
  warnings: z.array(z.string()),
};

function capped<T>(items: T[], limit: number) {
  return { items: items.slice(0, limit), total: items.length, truncated: items.length > limit };
}

/** Build the three series/label operations. */
export function seriesOps(deps: PrometheusOpsDeps): Operation[] {
  const { client } = deps;
  const s = client.settings;
  const limit = entryLimit(s);
  const start = timeArg.optional().describe('Start of the time range (RFC 3339, Unix seconds, "now-6h"); default an hour before end');
  const end = timeArg.optional().describe('End of the time range; default now');
  const common = listingCommon(s);

  const series = defineOperation({
    ...common,
    name: 'prometheus_series',
    title: 'Find series',
    description: `Series (label sets) matching one or more selectors in a time range (default the last hour), at most ${s.maxSeries}.`,
    input: z.object({
      match: matchers.min(1).describe('Series selectors, e.g. ["up", "http_requests_total{job=\\"api\\"}"]'),
      start,
      end,
      limit,
    }),
    output: z.object({ series: z.array(z.record(z.string(), z.string())), ...capInfo }),
    http: { method: 'POST', path: '/api/prometheus/series' },
    example: { match: ['up'] },
    render: (o) => [...o.series.map((m) => JSON.stringify(m)), ...(o.truncated ? [`… ${o.total} in all`] : [])].join('\n') || 'No series.',
    run: async (input, { signal }) => {
      const params = scope(deps, { match: input.match, start: input.start ?? 'now-1h', end: input.end ?? 'now' });
      const { data, warnings } = await client.call('series', params, seriesData, { signal, method: 'POST' });
      const c = capped(data, input.limit ?? s.maxSeries);
      return { series: c.items, total: c.total, truncated: c.truncated, warnings };
    },
  });

  const labels = defineOperation({
    ...common,
    name: 'prometheus_labels',
    title: 'Label names',
    description: 'Label names, optionally only those of series matching selectors and within a time range.',
    input: z.object({ match: matchers.optional().describe('Only labels of series matching these selectors'), start, end, limit }),
    output: z.object({ labels: z.array(z.string()), ...capInfo }),
    http: { method: 'POST', path: '/api/prometheus/labels' },
    example: { match: ['up'] },
    render: (o) => o.labels.join(', ') || 'No labels.',
    run: async (input, { signal }) => {
      const { data, warnings } = await client.call('labels', scope(deps, input), stringList, { signal, method: 'POST' });
      const c = capped(data, input.limit ?? s.maxSeries);
      return { labels: c.items, total: c.total, truncated: c.truncated, warnings };
    },
  });

  const labelValues = defineOperation({
    ...common,
    name: 'prometheus_label_values',
    title: 'Label values',
    description: 'Values of one label (e.g. every `job`), optionally only on series matching selectors and within a time range.',
    input: z.object({
      label: z
        .string()
        .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a label name like job or __name__')
        .max(256)
        .describe('Label name, e.g. job, instance or __name__ (metric names)'),
      match: matchers.optional().describe('Only values on series matching these selectors'),
      start,
      end,
      limit,
    }),
    output: z.object({ values: z.array(z.string()), ...capInfo }),
    http: { method: 'POST', path: '/api/prometheus/label_values' },
    example: { label: 'job' },
    render: (o) => o.values.join('\n') || 'No values.',
    run: async (input, { signal }) => {
      const { data, warnings } = await client.call(`label/${encodeURIComponent(input.label)}/values`, scope(deps, input), stringList, {
        signal,
      });
      const c = capped(data, input.limit ?? s.maxSeries);
      return { values: c.items, total: c.total, truncated: c.truncated, warnings };
    },
  });

  return [series, labels, labelValues];
}
