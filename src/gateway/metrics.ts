/**
 * Prometheus metrics of the gateway: calls by operation and outcome, errors by code, latency per operation.
 */
import { Counter, Histogram, type Registry } from 'prom-client';

export interface GatewayMetrics {
  observe(operation: string, outcome: string, errorCode: string | undefined, seconds: number): void;
}

export function createGatewayMetrics(registry: Registry, prefix = ''): GatewayMetrics {
  const calls = new Counter({
    name: `${prefix}operation_calls_total`,
    help: 'Gateway operation calls by operation and outcome (success, error, denied).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: `${prefix}operation_errors_total`,
    help: 'Failed or denied gateway calls by operation and error code.',
    labelNames: ['operation', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${prefix}operation_duration_seconds`,
    help: 'Gateway call latency (whole pipeline) by operation.',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return {
    observe(operation, outcome, errorCode, seconds) {
      calls.inc({ operation, outcome });
      if (errorCode) errors.inc({ operation, code: errorCode });
      duration.observe({ operation }, seconds);
    },
  };
}
