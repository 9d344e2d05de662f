/**
 * Resilience: circuit breakers (registry + metrics), retry with backoff, timeouts and deadlines, bulkheads,
 * the parallel executor and `createResilience`, which composes them per call. See docs/resilience.md.
 */
export {
  BREAKER_STATE_VALUE,
  type BreakerConfig,
  type BreakerEvent,
  type BreakerRegistry,
  type BreakerRegistryOptions,
  createBreakerRegistry,
  type MetricsTarget,
} from './breaker-registry.js';
export {
  type Bulkhead,
  type BulkheadOptions,
  type BulkheadSettings,
  type BulkheadSnapshot,
  createBulkhead,
  DEFAULT_BULKHEAD_SETTINGS,
} from './bulkhead.js';
export { type BulkheadRegistry, type BulkheadRegistryOptions, createBulkheadRegistry } from './bulkhead-registry.js';
export { abortReason, throwIfAborted } from './cancellation.js';
export {
  type BreakerCallOutcome,
  type BreakerSettings,
  type BreakerSnapshot,
  type BreakerState,
  type BreakerTransition,
  type CircuitBreaker,
  type CircuitBreakerOptions,
  createCircuitBreaker,
  DEFAULT_BREAKER_SETTINGS,
  type TransitionReason,
} from './circuit-breaker.js';
export {
  type CallContext,
  createResilience,
  type Resilience,
  type ResilienceOptions,
  type ResilienceSettings,
  type RunOptions,
} from './create-resilience.js';
export {
  createDeadline,
  type Deadline,
  type DeadlineOptions,
  NO_DEADLINE,
  type OwnedDeadline,
  type TimeSource,
  timeoutError,
  withTimeout,
} from './deadline.js';
export { type CallOutcome, classifyByCodes, DEFAULT_FAILURE_CODES, type FailureClassifier } from './failure-classifier.js';
export { isRetryableError, type RetryDeps, type RetryEvent, type RetryOptions, retry } from './retry.js';
export { type HeaderSource, retryAfterFromHeaders } from './retry-after.js';
export { backoffDelay, RETRY_PRESETS, type RetryPolicy, type RetryPresetName } from './retry-presets.js';
export { type ParallelOptions, type ParallelProgress, runParallel, type TaskContext, type TaskResult } from './run-parallel.js';
export { sleep, systemTimers, type TimerHandle, type Timers } from './timers.js';
