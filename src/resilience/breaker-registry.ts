/**
 * The breakers of one process, one per dependency (`provider:anthropic`, `mcp:github`, `k8s:prod`), created on
 * first use from the configured defaults and per-name overrides. Exposes snapshots, manual control, events to
 * subscribers and Prometheus metrics.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Clock } from '../core/deps.js';
import type { ErrorCode } from '../core/errors.js';
import {
  type BreakerCallOutcome,
  type BreakerSettings,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerTransition,
  type CircuitBreaker,
  createCircuitBreaker,
  DEFAULT_BREAKER_SETTINGS,
} from './circuit-breaker.js';
import { classifyByCodes, DEFAULT_FAILURE_CODES, type FailureClassifier } from './failure-classifier.js';

/** Breaker settings plus the codes that count as failures: the shape of resilience.breaker in config. */
export interface BreakerConfig extends BreakerSettings {
  failureCodes: readonly ErrorCode[];
}

/** Events sent to subscribers (state changes today; the union leaves room for more). */
export type BreakerEvent = BreakerTransition;

/** Where breaker metrics go: the process Registry and the configured metric-name prefix. */
export interface MetricsTarget {
  registry: Registry;
  prefix?: string;
}

/** Options of `createBreakerRegistry`. */
export interface BreakerRegistryOptions {
  clock: Clock;
  /** Settings of every breaker (config resilience.breaker); missing keys take DEFAULT_BREAKER_SETTINGS. */
  defaults?: Partial<BreakerConfig>;
  /** Per-name settings on top of the defaults (config resilience.breakers). */
  overrides?: Readonly<Record<string, Partial<BreakerConfig>>>;
  /** Replaces the code-based classification for every breaker. */
  classify?: FailureClassifier;
  /** Registers circuit_breaker_* metrics there. One breaker registry per metrics Registry. */
  metrics?: MetricsTarget;
  /** A subscriber threw: reported here (e.g. logged) instead of failing the call that caused the event. */
  onListenerError?: (error: unknown, event: BreakerEvent) => void;
}

/** All breakers of a process. */
export interface BreakerRegistry {
  /** The breaker for `name`, created on first use. */
  get(name: string): CircuitBreaker;
  /** Names of the breakers created so far. */
  names(): string[];
  /** Snapshots of every breaker, sorted by name. */
  snapshot(): BreakerSnapshot[];
  /** Be told of every state change; returns the unsubscribe function. */
  subscribe(listener: (event: BreakerEvent) => void): () => void;
  /** Open a breaker by hand (for `durationMs`, or until closed). */
  open(name: string, options?: { durationMs?: number }): void;
  close(name: string): void;
  reset(name: string): void;
  /** The settings a breaker gets unless overridden by name (runtime changes included). */
  defaults(): BreakerSettings;
  /**
   * Change the settings of breaker `name`, or the defaults of all breakers when `name` is undefined, until restart.
   * Each changed breaker starts again closed with empty counts (in place: references stay valid).
   */
  configure(name: string | undefined, settings: Partial<BreakerSettings>): void;
}

/** The numeric value of each state on the circuit_breaker_state gauge. */
export const BREAKER_STATE_VALUE: Readonly<Record<BreakerState, number>> = Object.freeze({ closed: 0, 'half-open': 1, open: 2 });

/**
 * Create the breaker registry.
 * @example
 * const breakers = createBreakerRegistry({ clock, defaults: config.resilience.breaker, metrics: { registry } });
 * await breakers.get('provider:anthropic').execute(() => callAnthropic());
 */
export function createBreakerRegistry(options: BreakerRegistryOptions): BreakerRegistry {
  const breakers = new Map<string, CircuitBreaker>();
  // Copies: `configure` changes them at runtime, and config objects are frozen.
  let defaults: Partial<BreakerConfig> = { ...options.defaults };
  const overrides = new Map<string, Partial<BreakerConfig>>(Object.entries(options.overrides ?? {}));
  const listeners = new Set<(event: BreakerEvent) => void>();
  const metrics = options.metrics ? breakerMetrics(options.metrics, breakers) : undefined;

  const emit = (event: BreakerEvent) => {
    metrics?.transitions.inc({ breaker: event.breaker, from: event.from, to: event.to });
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        options.onListenerError?.(error, event);
      }
    }
  };

  function get(name: string): CircuitBreaker {
    const existing = breakers.get(name);
    if (existing) return existing;
    const { failureCodes = DEFAULT_FAILURE_CODES, ...settings } = { ...defaults, ...overrides.get(name) };
    const onCall = metrics ? metrics.countCalls(name) : undefined;
    const breaker = createCircuitBreaker({
      name,
      settings,
      classify: options.classify ?? classifyByCodes(failureCodes),
      clock: options.clock,
      onTransition: emit,
      ...(onCall ? { onCall } : {}),
    });
    breakers.set(name, breaker);
    return breaker;
  }

  return {
    get,
    names: () => [...breakers.keys()],
    snapshot: () => [...breakers.values()].map((b) => b.snapshot()).sort((a, b) => a.name.localeCompare(b.name)),
    subscribe(listener) {
      listeners.add(listener);
      return function unsubscribe() {
        listeners.delete(listener);
      };
    },
    open: (name, opts) => get(name).open(opts),
    close: (name) => get(name).close(),
    reset: (name) => get(name).reset(),
    defaults() {
      const { failureCodes: _codes, ...settings } = defaults;
      return { ...DEFAULT_BREAKER_SETTINGS, ...settings };
    },
    configure(name, settings) {
      if (name !== undefined) {
        overrides.set(name, { ...overrides.get(name), ...settings });
        get(name).configure(settings);
        return;
      }
      defaults = { ...defaults, ...settings };
      for (const [breakerName, breaker] of breakers) {
        const { failureCodes: _codes, ...effective } = { ...DEFAULT_BREAKER_SETTINGS, ...defaults, ...overrides.get(breakerName) };
        breaker.configure(effective);
      }
    },
  };
}

interface BreakerMetrics {
  transitions: Counter<'breaker' | 'from' | 'to'>;
  /** A per-breaker call counter: plain increments, flushed into Prometheus at scrape time. */
  countCalls(breaker: string): (outcome: BreakerCallOutcome) => void;
}

function breakerMetrics(target: MetricsTarget, breakers: ReadonlyMap<string, CircuitBreaker>): BreakerMetrics {
  const prefix = target.prefix ?? '';
  const registers = [target.registry];
  // prom-client hashes the label set on every inc (about a microsecond); counting in plain numbers and adding
  // the deltas when Prometheus scrapes keeps a breaker's per-call cost low.
  const pending = new Map<string, Record<BreakerCallOutcome, number>>();
  new Gauge({
    name: `${prefix}circuit_breaker_state`,
    help: 'Circuit breaker state per dependency: 0 closed, 1 half-open, 2 open.',
    labelNames: ['breaker'],
    registers,
    collect() {
      for (const breaker of breakers.values()) this.set({ breaker: breaker.name }, BREAKER_STATE_VALUE[breaker.state]);
    },
  });
  new Counter({
    name: `${prefix}circuit_breaker_calls_total`,
    help: 'Calls through a circuit breaker by outcome: success, failure, ignored (cancelled) or rejected (open).',
    labelNames: ['breaker', 'outcome'],
    registers,
    collect() {
      for (const [breaker, counts] of pending) {
        for (const outcome of Object.keys(counts) as BreakerCallOutcome[]) {
          this.inc({ breaker, outcome }, counts[outcome]);
          counts[outcome] = 0;
        }
      }
    },
  });
  return {
    transitions: new Counter({
      name: `${prefix}circuit_breaker_transitions_total`,
      help: 'Circuit breaker state changes, by breaker and from/to state.',
      labelNames: ['breaker', 'from', 'to'],
      registers,
    }),
    countCalls(breaker) {
      const counts: Record<BreakerCallOutcome, number> = { success: 0, failure: 0, ignored: 0, rejected: 0 };
      pending.set(breaker, counts);
      return function countCall(outcome) {
        counts[outcome]++;
      };
    },
  };
}
