/**
 * The bulkheads of one process, one per dependency, created on first use from the configured defaults and
 * per-name overrides, with Prometheus gauges of running and waiting calls.
 */
import { Counter, Gauge } from 'prom-client';
import type { MetricsTarget } from './breaker-registry.js';
import { type Bulkhead, type BulkheadSettings, type BulkheadSnapshot, createBulkhead } from './bulkhead.js';

/** Options of `createBulkheadRegistry`. */
export interface BulkheadRegistryOptions {
  /** Limits of every bulkhead (config resilience.bulkhead). */
  defaults?: Partial<BulkheadSettings>;
  /** Per-name limits on top of the defaults (config resilience.bulkheads). */
  overrides?: Readonly<Record<string, Partial<BulkheadSettings>>>;
  /** Registers bulkhead_* metrics there. One bulkhead registry per metrics Registry. */
  metrics?: MetricsTarget;
}

/** All bulkheads of a process. */
export interface BulkheadRegistry {
  /** The bulkhead for `name`, created on first use. */
  get(name: string): Bulkhead;
  /** Snapshots of every bulkhead, sorted by name. */
  snapshot(): BulkheadSnapshot[];
}

/**
 * Create the bulkhead registry.
 * @example const bulkheads = createBulkheadRegistry({ defaults: config.resilience.bulkhead, metrics: { registry } });
 */
export function createBulkheadRegistry(options: BulkheadRegistryOptions = {}): BulkheadRegistry {
  const bulkheads = new Map<string, Bulkhead>();
  const rejections = options.metrics ? bulkheadMetrics(options.metrics, bulkheads) : undefined;
  return {
    get(name) {
      let bulkhead = bulkheads.get(name);
      if (!bulkhead) {
        const counter = rejections?.labels({ bulkhead: name });
        bulkhead = createBulkhead({
          name,
          settings: { ...options.defaults, ...options.overrides?.[name] },
          ...(counter ? { onReject: () => counter.inc() } : {}),
        });
        bulkheads.set(name, bulkhead);
      }
      return bulkhead;
    },
    snapshot: () => [...bulkheads.values()].map((b) => b.snapshot()).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function bulkheadMetrics(target: MetricsTarget, bulkheads: ReadonlyMap<string, Bulkhead>): Counter<'bulkhead'> {
  const prefix = target.prefix ?? '';
  const registers = [target.registry];
  new Gauge({
    name: `${prefix}bulkhead_running`,
    help: 'Calls running inside a bulkhead, per dependency.',
    labelNames: ['bulkhead'],
    registers,
    collect() {
      for (const b of bulkheads.values()) this.set({ bulkhead: b.name }, b.running);
    },
  });
  new Gauge({
    name: `${prefix}bulkhead_queued`,
    help: 'Calls waiting for a bulkhead slot, per dependency.',
    labelNames: ['bulkhead'],
    registers,
    collect() {
      for (const b of bulkheads.values()) this.set({ bulkhead: b.name }, b.queued);
    },
  });
  return new Counter({
    name: `${prefix}bulkhead_rejections_total`,
    help: 'Calls turned away by a full bulkhead (E_BULKHEAD_FULL), per dependency.',
    labelNames: ['bulkhead'],
    registers,
  });
}
