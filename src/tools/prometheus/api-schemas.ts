/**
 * zod schemas of the Prometheus HTTP API answers (https://prometheus.io/docs/prometheus/latest/querying/api/) as far
 * as the tools rely on them; unknown fields pass through untouched so newer servers keep working.
 */
import { z } from 'zod';

const labels = z.record(z.string(), z.string());
/** `[<unix seconds>, "<value>"]`: Prometheus sends sample values as strings (NaN, +Inf). */
export const sample = z.tuple([z.number(), z.string()]);

/** The envelope of every answer. */
export const envelope = z.looseObject({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  infos: z.array(z.string()).optional(),
});

/** `data` of /api/v1/query and /api/v1/query_range. */
export const queryData = z.discriminatedUnion('resultType', [
  z.object({
    resultType: z.literal('vector'),
    result: z.array(z.looseObject({ metric: labels, value: sample.optional(), histogram: z.unknown().optional() })),
  }),
  z.object({
    resultType: z.literal('matrix'),
    result: z.array(z.looseObject({ metric: labels, values: z.array(sample).optional(), histograms: z.unknown().optional() })),
  }),
  z.object({ resultType: z.literal('scalar'), result: sample }),
  z.object({ resultType: z.literal('string'), result: sample }),
]);

/** `data` of /api/v1/series. */
export const seriesData = z.array(labels);
/** `data` of /api/v1/labels and /api/v1/label/<name>/values. */
export const stringList = z.array(z.string());

/** `data` of /api/v1/targets. */
export const targetsData = z.object({
  activeTargets: z
    .array(
      z.looseObject({
        labels,
        scrapePool: z.string(),
        scrapeUrl: z.string(),
        lastError: z.string(),
        lastScrape: z.string(),
        lastScrapeDuration: z.number(),
        health: z.string(),
      }),
    )
    .default([]),
  droppedTargets: z.array(z.looseObject({ discoveredLabels: labels })).default([]),
});

const alert = z.looseObject({
  labels,
  annotations: labels.default({}),
  state: z.string(),
  activeAt: z.string().optional(),
  value: z.string().optional(),
});

/** `data` of /api/v1/alerts. */
export const alertsData = z.object({ alerts: z.array(alert) });

/** `data` of /api/v1/rules. */
export const rulesData = z.object({
  groups: z.array(
    z.looseObject({
      name: z.string(),
      file: z.string(),
      interval: z.number().optional(),
      rules: z.array(
        z.looseObject({
          name: z.string(),
          query: z.string(),
          type: z.enum(['alerting', 'recording']),
          health: z.string(),
          lastError: z.string().optional(),
          state: z.string().optional(),
          duration: z.number().optional(),
          labels: labels.optional(),
          annotations: labels.optional(),
          alerts: z.array(alert).optional(),
          lastEvaluation: z.string().optional(),
        }),
      ),
    }),
  ),
});

/** `data` of /api/v1/metadata: metric name → its metadata entries. */
export const metadataData = z.record(
  z.string(),
  z.array(z.looseObject({ type: z.string(), help: z.string(), unit: z.string().optional() })),
);
