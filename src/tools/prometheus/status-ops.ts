/**
 * What Prometheus itself knows: `prometheus_targets` (scrape targets and their health), `prometheus_alerts`
 * (active alerts), `prometheus_rules` (recording and alerting rules) and `prometheus_metadata` (metric types and help).
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { alertsData, metadataData, rulesData, targetsData } from './api-schemas.js';
import { entryLimit, listingCommon, type PrometheusOpsDeps } from './query-ops.js';

const labels = z.record(z.string(), z.string());
const capInfo = { total: z.number().int(), truncated: z.boolean() };

const target = z.object({
  scrapePool: z.string(),
  job: z.string().optional(),
  instance: z.string().optional(),
  scrapeUrl: z.string(),
  health: z.string().describe('up, down or unknown'),
  lastError: z.string(),
  lastScrape: z.string(),
  lastScrapeDurationSeconds: z.number(),
  labels,
});

const alert = z.object({
  name: z.string(),
  state: z.string().describe('firing or pending'),
  labels,
  annotations: labels,
  activeAt: z.string().optional(),
  value: z.string().optional(),
});

const rule = z.object({
  name: z.string(),
  type: z.enum(['alerting', 'recording']),
  query: z.string(),
  health: z.string(),
  state: z.string().optional().describe('Alerting rules: inactive, pending or firing'),
  lastError: z.string().optional(),
  labels: labels.optional(),
  annotations: labels.optional(),
  activeAlerts: z.number().int().optional(),
});

/** Build the four status operations. */
export function statusOps(deps: PrometheusOpsDeps): Operation[] {
  const { client } = deps;
  const s = client.settings;
  const limit = entryLimit(s);
  const common = listingCommon(s);

  const targets = defineOperation({
    ...common,
    name: 'prometheus_targets',
    title: 'Scrape targets',
    description: 'Scrape targets with their health (up/down), last scrape time and duration, and last error; the count of dropped targets.',
    input: z.object({
      health: z.enum(['up', 'down', 'unknown']).optional().describe('Only targets in this health'),
      scrapePool: z.string().max(256).optional().describe('Only targets of this scrape pool (job)'),
      limit,
    }),
    output: z.object({ targets: z.array(target), dropped: z.number().int(), ...capInfo }),
    http: { method: 'GET', path: '/api/prometheus/targets' },
    example: { health: 'down' },
    render: (o) =>
      [
        ...o.targets.map((t) => `${t.scrapePool} ${t.instance ?? t.scrapeUrl}: ${t.health}${t.lastError ? ` — ${t.lastError}` : ''}`),
        `${o.total} target(s), ${o.dropped} dropped${o.truncated ? ' (list truncated)' : ''}`,
      ].join('\n'),
    run: async (input, { signal }) => {
      const params = new URLSearchParams({ state: 'any' });
      if (input.scrapePool) params.set('scrapePool', input.scrapePool);
      const { data } = await client.call('targets', params, targetsData, { signal });
      const all = data.activeTargets
        .filter((t) => (!input.health || t.health === input.health) && (!input.scrapePool || t.scrapePool === input.scrapePool))
        .map((t) => ({
          scrapePool: t.scrapePool,
          ...(t.labels.job ? { job: t.labels.job } : {}),
          ...(t.labels.instance ? { instance: t.labels.instance } : {}),
          scrapeUrl: t.scrapeUrl,
          health: t.health,
          lastError: t.lastError,
          lastScrape: t.lastScrape,
          lastScrapeDurationSeconds: t.lastScrapeDuration,
          labels: t.labels,
        }));
      const n = input.limit ?? s.maxSeries;
      return { targets: all.slice(0, n), dropped: data.droppedTargets.length, total: all.length, truncated: all.length > n };
    },
  });

  const alerts = defineOperation({
    ...common,
    name: 'prometheus_alerts',
    title: 'Active alerts',
    description: 'Alerts Prometheus is evaluating as pending or firing, with labels, annotations and since when.',
    input: z.object({ state: z.enum(['firing', 'pending']).optional().describe('Only alerts in this state'), limit }),
    output: z.object({ alerts: z.array(alert), ...capInfo }),
    http: { method: 'GET', path: '/api/prometheus/alerts' },
    example: { state: 'firing' },
    render: (o) =>
      o.alerts.map((a) => `${a.state.toUpperCase()} ${a.name}${a.annotations.summary ? `: ${a.annotations.summary}` : ''}`).join('\n') ||
      'No active alerts.',
    run: async (input, { signal }) => {
      const { data } = await client.call('alerts', new URLSearchParams(), alertsData, { signal });
      const all = data.alerts
        .filter((a) => !input.state || a.state === input.state)
        .map((a) => ({
          name: a.labels.alertname ?? '(unnamed)',
          state: a.state,
          labels: a.labels,
          annotations: a.annotations,
          ...(a.activeAt ? { activeAt: a.activeAt } : {}),
          ...(a.value ? { value: a.value } : {}),
        }));
      const n = input.limit ?? s.maxSeries;
      return { alerts: all.slice(0, n), total: all.length, truncated: all.length > n };
    },
  });

  const rules = defineOperation({
    ...common,
    name: 'prometheus_rules',
    title: 'Alerting and recording rules',
    description: 'Rule groups with their alerting and recording rules: query, health, last error and, for alerts, state and active count.',
    input: z.object({
      type: z.enum(['alert', 'record']).optional().describe('Only alerting or only recording rules'),
      group: z.string().max(256).optional().describe('Only the group with this name'),
      limit: limit.describe(`Most rules returned (default and maximum ${s.maxSeries})`),
    }),
    output: z.object({
      groups: z.array(z.object({ name: z.string(), file: z.string(), intervalSeconds: z.number().optional(), rules: z.array(rule) })),
      ...capInfo,
    }),
    http: { method: 'GET', path: '/api/prometheus/rules' },
    example: { type: 'alert' },
    render: (o) =>
      o.groups
        .flatMap((g) => [
          `${g.name} (${g.file}):`,
          ...g.rules.map((r) => `  ${r.type === 'alerting' ? 'alert' : 'record'} ${r.name}: ${r.state ?? r.health}`),
        ])
        .join('\n') || 'No rules.',
    run: async (input, { signal }) => {
      const params = new URLSearchParams();
      if (input.type) params.set('type', input.type);
      const { data } = await client.call('rules', params, rulesData, { signal });
      let left = input.limit ?? s.maxSeries;
      let total = 0;
      const groups = data.groups
        .filter((g) => !input.group || g.name === input.group)
        .map((g) => {
          total += g.rules.length;
          const kept = g.rules.slice(0, Math.max(0, left));
          left -= kept.length;
          return {
            name: g.name,
            file: g.file,
            ...(g.interval !== undefined ? { intervalSeconds: g.interval } : {}),
            rules: kept.map((r) => ({
              name: r.name,
              type: r.type,
              query: r.query,
              health: r.health,
              ...(r.state ? { state: r.state } : {}),
              ...(r.lastError ? { lastError: r.lastError } : {}),
              ...(r.labels && Object.keys(r.labels).length ? { labels: r.labels } : {}),
              ...(r.annotations && Object.keys(r.annotations).length ? { annotations: r.annotations } : {}),
              ...(r.alerts ? { activeAlerts: r.alerts.length } : {}),
            })),
          };
        });
      return { groups, total, truncated: total > (input.limit ?? s.maxSeries) };
    },
  });

  const metadata = defineOperation({
    ...common,
    name: 'prometheus_metadata',
    title: 'Metric metadata',
    description: 'Type (counter, gauge, histogram, summary), help text and unit of metrics, from what targets expose.',
    input: z.object({ metric: z.string().max(512).optional().describe('Only this metric name'), limit }),
    output: z.object({
      metrics: z.array(z.object({ metric: z.string(), type: z.string(), help: z.string(), unit: z.string().optional() })),
      ...capInfo,
    }),
    http: { method: 'GET', path: '/api/prometheus/metadata' },
    example: { metric: 'process_cpu_seconds_total' },
    render: (o) => o.metrics.map((m) => `${m.metric} (${m.type}): ${m.help}`).join('\n') || 'No metadata.',
    run: async (input, { signal }) => {
      const params = new URLSearchParams();
      if (input.metric) params.set('metric', input.metric);
      const { data } = await client.call('metadata', params, metadataData, { signal });
      const all = Object.entries(data)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([metric, [m]]) => ({ metric, type: m?.type ?? 'unknown', help: m?.help ?? '', ...(m?.unit ? { unit: m.unit } : {}) }));
      const n = input.limit ?? s.maxSeries;
      return { metrics: all.slice(0, n), total: all.length, truncated: all.length > n };
    },
  });

  return [targets, alerts, rules, metadata];
}
