/**
 * The composition helper: one `run(dependency, fn, options)` call puts a call behind a deadline, retry,
 * bulkhead, circuit breaker and per-attempt timeout, in that order from the outside in, so callers (fetchJson,
 * the gateway, tool clients) never wire the primitives by hand.
 */
import { Counter } from 'prom-client';
import type { Clock } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import { closest } from '../core/suggest.js';
import { type BreakerConfig, type BreakerRegistry, createBreakerRegistry, type MetricsTarget } from './breaker-registry.js';
import type { BulkheadSettings } from './bulkhead.js';
import { type BulkheadRegistry, createBulkheadRegistry } from './bulkhead-registry.js';
import { createDeadline, type Deadline, type DeadlineOptions, type OwnedDeadline, type TimeSource, withTimeout } from './deadline.js';
import type { FailureClassifier } from './failure-classifier.js';
import { type RetryEvent, retry } from './retry.js';
import { RETRY_PRESETS, type RetryPolicy } from './retry-presets.js';
import { type ParallelOptions, runParallel, type TaskContext, type TaskResult } from './run-parallel.js';
import { systemTimers, type Timers } from './timers.js';

/** The resilience section of the config (every part optional here; config fills them all). */
export interface ResilienceSettings {
  /** Default limit of a whole `run` call in ms, retries and queueing included; 0 = none. */
  timeoutMs?: number;
  breaker?: Partial<BreakerConfig>;
  breakers?: Readonly<Record<string, Partial<BreakerConfig>>>;
  bulkhead?: Partial<BulkheadSettings>;
  bulkheads?: Readonly<Record<string, Partial<BulkheadSettings>>>;
  retry?: { defaultPreset?: string; presets?: Readonly<Record<string, RetryPolicy>> };
}

/** Options of `createResilience`. */
export interface ResilienceOptions {
  clock: Clock;
  /** Uniform in [0, 1) for backoff jitter (src/main passes Math.random; tests a fixed function). */
  random: () => number;
  /** Default: Node's timers. */
  timers?: Timers;
  settings?: ResilienceSettings;
  /** Registers circuit_breaker_*, bulkhead_* and resilience_retries_total there. */
  metrics?: MetricsTarget;
  /** Replaces the code-based failure classification of every breaker. */
  classify?: FailureClassifier;
  /** A breaker subscriber threw (log it). */
  onListenerError?: (error: unknown) => void;
  /** A retry was scheduled (log it). */
  onRetry?: (dependency: string, event: RetryEvent) => void;
}

/** What `fn` receives in `run`. */
export interface CallContext {
  dependency: string;
  /** 1-based attempt number. */
  attempt: number;
  /** Aborts on the attempt's timeout, the call's deadline or the caller's signal. Pass it on. */
  signal: AbortSignal;
  /** This attempt's deadline, to nest further calls under. */
  deadline: Deadline;
}

/** A class so `signal` can be a cheap prototype getter (the AbortController is made only if read). */
class AttemptContext implements CallContext {
  constructor(
    readonly dependency: string,
    readonly attempt: number,
    readonly deadline: Deadline,
  ) {}

  get signal(): AbortSignal {
    return this.deadline.signal;
  }
}

/** Options of one `run` call. */
export interface RunOptions {
  /** Limit of the whole call (queueing, attempts, waits) in ms; 0 = none. Default: settings.timeoutMs. */
  timeoutMs?: number;
  /** Limit of each attempt in ms (so a hung attempt can be retried); default: none beyond the call's. */
  attemptTimeoutMs?: number;
  /** false (default: calls may not be idempotent), true = the default preset, a preset name, or a policy. */
  retry?: boolean | string | RetryPolicy;
  /** Overrides which errors are retried (default: AppError.retryable). */
  isRetryable?: (error: unknown) => boolean;
  /** The caller's cancellation. */
  signal?: AbortSignal;
  /** The enclosing deadline: this call never outlives it. */
  deadline?: Deadline;
  /** Set false to skip the dependency's breaker / bulkhead. */
  breaker?: boolean;
  bulkhead?: boolean;
}

/** The resilience service of a process. */
export interface Resilience {
  readonly breakers: BreakerRegistry;
  readonly bulkheads: BulkheadRegistry;
  /** The clock and timers everything here runs on. */
  readonly time: TimeSource;
  /** Run `fn` against `dependency` with deadline, retry, bulkhead, breaker and attempt timeout. */
  run<T>(dependency: string, fn: (ctx: CallContext) => Promise<T>, options?: RunOptions): Promise<T>;
  /** A retry policy by preset name (default: the configured default preset). */
  retryPolicy(name?: string): RetryPolicy;
  /** A root or nested deadline on this instance's clock; dispose it when done. */
  deadline(options: DeadlineOptions): OwnedDeadline;
  /** `runParallel` on this instance's clock and timers. */
  parallel<I, T>(
    items: readonly I[],
    worker: (item: I, ctx: TaskContext) => Promise<T> | T,
    options: ParallelOptions<T>,
  ): Promise<TaskResult<T>[]>;
}

/**
 * Build the resilience service (src/main/services.ts does it once per process from config.resilience).
 * @example
 * const resilience = createResilience({ clock, random: Math.random, settings: config.resilience, metrics: { registry } });
 * const user = await resilience.run('mcp:github', ({ signal }) => github.getUser(login, { signal }), { timeoutMs: 10_000, retry: 'fast' });
 */
export function createResilience(options: ResilienceOptions): Resilience {
  const settings = options.settings ?? {};
  const time: TimeSource = { clock: options.clock, timers: options.timers ?? systemTimers };
  const retryDeps = { ...time, random: options.random };
  const presets: Readonly<Record<string, RetryPolicy>> = { ...RETRY_PRESETS, ...settings.retry?.presets };
  const defaultPreset = settings.retry?.defaultPreset ?? 'standard';
  if (!Object.hasOwn(presets, defaultPreset)) {
    const guess = closest(defaultPreset, Object.keys(presets));
    throw new AppError(
      'E_CONFIG',
      `resilience.retry.defaultPreset: no preset "${defaultPreset}".${guess ? ` Did you mean "${guess}"?` : ''} Known: ${Object.keys(presets).join(', ')}.`,
    );
  }
  const breakers = createBreakerRegistry({
    clock: options.clock,
    ...(settings.breaker ? { defaults: settings.breaker } : {}),
    ...(settings.breakers ? { overrides: settings.breakers } : {}),
    ...(options.classify ? { classify: options.classify } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.onListenerError ? { onListenerError: options.onListenerError } : {}),
  });
  const bulkheads = createBulkheadRegistry({
    ...(settings.bulkhead ? { defaults: settings.bulkhead } : {}),
    ...(settings.bulkheads ? { overrides: settings.bulkheads } : {}),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const retries = options.metrics
    ? new Counter({
        name: `${options.metrics.prefix ?? ''}resilience_retries_total`,
        help: 'Retries scheduled by resilience.run, per dependency.',
        labelNames: ['dependency'],
        registers: [options.metrics.registry],
      })
    : undefined;

  function retryPolicy(name: string = defaultPreset): RetryPolicy {
    const policy = presets[name];
    if (!policy) throw new AppError('E_INTERNAL', `Unknown retry preset "${name}". Known: ${Object.keys(presets).join(', ')}.`);
    return policy;
  }

  const positive = (ms: number | undefined) => (ms !== undefined && ms > 0 ? ms : undefined);

  async function run<T>(dependency: string, fn: (ctx: CallContext) => Promise<T>, opts: RunOptions = {}): Promise<T> {
    const label = `Call to "${dependency}"`;
    const call = createDeadline(
      { timeoutMs: positive(opts.timeoutMs ?? settings.timeoutMs), parent: opts.deadline, signal: opts.signal, label },
      time,
    );
    const breaker = opts.breaker === false ? undefined : breakers.get(dependency);
    const bulkhead = opts.bulkhead === false ? undefined : bulkheads.get(dependency);
    const attemptTimeoutMs = positive(opts.attemptTimeoutMs);

    const attempt = (n: number): Promise<T> => {
      const timed = () =>
        withTimeout(
          (deadline) => fn(new AttemptContext(dependency, n, deadline)),
          { timeoutMs: attemptTimeoutMs, parent: call, label: `${label} (attempt ${n})` },
          time,
        );
      const guarded = breaker ? () => breaker.execute(timed) : timed;
      return bulkhead ? bulkhead.execute(guarded, call) : guarded();
    };

    try {
      if (opts.retry === undefined || opts.retry === false) return await attempt(1);
      const policy = typeof opts.retry === 'object' ? opts.retry : retryPolicy(opts.retry === true ? undefined : opts.retry);
      const counter = retries?.labels({ dependency });
      return await retry(
        attempt,
        {
          policy,
          deadline: call,
          isRetryable: opts.isRetryable,
          onRetry(event) {
            counter?.inc();
            options.onRetry?.(dependency, event);
          },
        },
        retryDeps,
      );
    } finally {
      call.dispose();
    }
  }

  return {
    breakers,
    bulkheads,
    time,
    run,
    retryPolicy,
    deadline: (deadlineOptions) => createDeadline(deadlineOptions, time),
    parallel: (items, worker, parallelOptions) => runParallel(items, worker, parallelOptions, time),
  };
}
