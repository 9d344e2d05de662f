/**
 * One circuit breaker: a small state machine (closed → open → half-open → closed) that opens on N failures in
 * a row or on a failure rate over a sliding window, fails fast while open, then admits a few trial calls.
 * cockatiel's breaker admits a single half-open call and one breaker strategy at a time, hence this one.
 */
import type { Clock } from '../core/deps.js';
import { AppError, isAppError } from '../core/errors.js';
import { redactString } from '../security/redact.js';
import { classifyByCodes, type FailureClassifier } from './failure-classifier.js';

/** The three states. `closed` lets calls through, `open` fails them fast, `half-open` admits trial calls. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** The tunable numbers of a breaker (config: resilience.breaker and resilience.breakers.<name>). */
export interface BreakerSettings {
  /** Open after this many failures in a row; 0 turns the rule off. */
  consecutiveFailures: number;
  /** Open when failures / calls in the window reach this share (0 < r ≤ 1). */
  failureRate: number;
  /** The sliding window: the last N calls. */
  windowSize: number;
  /** Calls the window must hold before the rate rule applies. */
  minimumCalls: number;
  /** How long the breaker stays open before admitting trial calls. */
  openMs: number;
  /** Trial calls in flight at once while half-open. */
  halfOpenMaxCalls: number;
  /** Trial successes that close the breaker (one trial failure reopens it). */
  halfOpenSuccesses: number;
}

/** The issue's defaults: 5 in a row or ≥ 50 % of the last 100 calls (min 10), open 60 s, 3 trials, 3 successes. */
export const DEFAULT_BREAKER_SETTINGS: Readonly<BreakerSettings> = Object.freeze({
  consecutiveFailures: 5,
  failureRate: 0.5,
  windowSize: 100,
  minimumCalls: 10,
  openMs: 60_000,
  halfOpenMaxCalls: 3,
  halfOpenSuccesses: 3,
});

/** Why a breaker changed state. */
export type TransitionReason = 'consecutive-failures' | 'failure-rate' | 'trial-failed' | 'trials-succeeded' | 'open-elapsed' | 'manual';

/** Sent to subscribers on every state change. */
export interface BreakerTransition {
  type: 'transition';
  breaker: string;
  from: BreakerState;
  to: BreakerState;
  reason: TransitionReason;
  /** Epoch ms. */
  at: number;
  /** Epoch ms when an open breaker admits trial calls; absent unless `to` is open with a limit. */
  nextAttemptAt?: number;
}

/** How one call through the breaker ended, for metrics. */
export type BreakerCallOutcome = 'success' | 'failure' | 'ignored' | 'rejected';

/** A point-in-time view of one breaker (dashboard, `resilience` CLI, health details). */
export interface BreakerSnapshot {
  name: string;
  state: BreakerState;
  /** Opened by hand with no end: stays open until closed or reset. */
  forced: boolean;
  consecutiveFailures: number;
  window: { calls: number; failures: number; failureRate: number };
  halfOpen: { inFlight: number; successes: number };
  /** Epoch ms of the last opening, while open or half-open. */
  openedAt?: number;
  /** Epoch ms when an open breaker admits trial calls. */
  nextAttemptAt?: number;
  lastFailure?: { at: number; code: string; message: string };
  totals: Record<BreakerCallOutcome, number>;
  settings: BreakerSettings;
}

/** Options of `createCircuitBreaker`. */
export interface CircuitBreakerOptions {
  name: string;
  settings?: Partial<BreakerSettings>;
  /** Which errors count as failures; default `classifyByCodes()`. */
  classify?: FailureClassifier;
  clock: Clock;
  /** Called on every state change (the registry fans out to subscribers and metrics). */
  onTransition?: (event: BreakerTransition) => void;
  /** Called once per call with its outcome (metrics). */
  onCall?: (outcome: BreakerCallOutcome) => void;
}

/** A named breaker. */
export interface CircuitBreaker {
  readonly name: string;
  /** Current state; an open breaker whose time is up reports (and becomes) half-open. */
  readonly state: BreakerState;
  /**
   * Run `fn` through the breaker. Rejects with E_CIRCUIT_OPEN (retryAfterMs = time until trials) without
   * calling `fn` while open or while all trial slots are busy.
   */
  execute<T>(fn: () => Promise<T> | T): Promise<T>;
  /** Open by hand: for `durationMs`, or until `close`/`reset` when omitted. */
  open(options?: { durationMs?: number }): void;
  /** Close by hand, clearing the failure counts (totals and last failure stay). */
  close(): void;
  /** Close and forget everything: counts, totals, last failure. */
  reset(): void;
  /** Change settings in place (keys not given keep their value); the breaker starts again closed with empty counts. */
  configure(settings: Partial<BreakerSettings>): void;
  snapshot(): BreakerSnapshot;
}

/**
 * Create one breaker. Results of calls admitted under an earlier state (before the last transition) update
 * totals and last failure but not the state machine, so a slow call from before an opening cannot close it.
 * @example const b = createCircuitBreaker({ name: 'provider:anthropic', clock }); await b.execute(() => call());
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { name, clock, onTransition, onCall } = options;
  let settings: BreakerSettings = { ...DEFAULT_BREAKER_SETTINGS, ...options.settings };
  const classify = options.classify ?? classifyByCodes();
  let window = new Uint8Array(Math.max(1, settings.windowSize));
  const totals: Record<BreakerCallOutcome, number> = { success: 0, failure: 0, ignored: 0, rejected: 0 };

  let state: BreakerState = 'closed';
  // Tokens: +generation for a normal call, −generation for a half-open trial; generation grows on each transition.
  let generation = 1;
  let consecutive = 0;
  let windowCalls = 0;
  let windowFailures = 0;
  let windowNext = 0;
  let trialsInFlight = 0;
  let trialSuccesses = 0;
  let forced = false;
  let openedAtWall = 0;
  let nextAttemptMono = 0;
  let lastFailure: BreakerSnapshot['lastFailure'];

  function transition(to: BreakerState, reason: TransitionReason, openForMs = settings.openMs): void {
    const from = state;
    state = to;
    generation++;
    trialsInFlight = 0;
    trialSuccesses = 0;
    if (to === 'closed') {
      forced = false;
      consecutive = 0;
      windowCalls = windowFailures = windowNext = 0;
      window.fill(0);
    }
    const at = clock.now();
    const event: BreakerTransition = { type: 'transition', breaker: name, from, to, reason, at };
    if (to === 'open') {
      openedAtWall = at;
      nextAttemptMono = clock.monotonic() + openForMs;
      if (Number.isFinite(openForMs)) event.nextAttemptAt = at + openForMs;
    }
    onTransition?.(event);
  }

  /** Move open → half-open once the open time is up (lazily: on the next call or read). */
  function refresh(): void {
    if (state === 'open' && !forced && clock.monotonic() >= nextAttemptMono) transition('half-open', 'open-elapsed');
  }

  function reject(): never {
    totals.rejected++;
    onCall?.('rejected');
    if (state === 'open') {
      const retryAfterMs = forced ? undefined : Math.max(0, Math.ceil(nextAttemptMono - clock.monotonic()));
      const when = retryAfterMs === undefined ? 'until it is closed by hand' : `; retry in ${Math.ceil(retryAfterMs / 1000)} s`;
      throw new AppError('E_CIRCUIT_OPEN', `Circuit "${name}" is open${retryAfterMs === undefined ? ` ${when}` : when}.`, {
        details: { breaker: name, state },
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      });
    }
    throw new AppError('E_CIRCUIT_OPEN', `Circuit "${name}" is half-open and its ${settings.halfOpenMaxCalls} trial calls are busy.`, {
      details: { breaker: name, state },
    });
  }

  function admit(): number {
    if (state === 'closed') return generation;
    refresh();
    if (state === 'half-open' && trialsInFlight < settings.halfOpenMaxCalls) {
      trialsInFlight++;
      return -generation;
    }
    return reject();
  }

  function succeeded(token: number): void {
    totals.success++;
    onCall?.('success');
    if (token === generation && state === 'closed') {
      consecutive = 0;
      record(0);
    } else if (token === -generation) {
      trialsInFlight--;
      if (++trialSuccesses >= settings.halfOpenSuccesses) transition('closed', 'trials-succeeded');
    }
  }

  function failed(token: number, error: unknown): void {
    const outcome = classify(error);
    if (outcome === 'success') {
      succeeded(token);
      return;
    }
    if (outcome === 'ignore') {
      totals.ignored++;
      onCall?.('ignored');
      if (token === -generation) trialsInFlight--;
      return;
    }
    totals.failure++;
    onCall?.('failure');
    lastFailure = describeFailure(error, clock.now());
    if (token === -generation) {
      transition('open', 'trial-failed');
      return;
    }
    if (token !== generation || state !== 'closed') return;
    consecutive++;
    record(1);
    if (settings.consecutiveFailures > 0 && consecutive >= settings.consecutiveFailures) {
      transition('open', 'consecutive-failures');
    } else if (windowCalls >= settings.minimumCalls && windowFailures >= settings.failureRate * windowCalls) {
      transition('open', 'failure-rate');
    }
  }

  /** Push one result into the ring buffer of the last `windowSize` calls. */
  function record(failure: 0 | 1): void {
    if (windowCalls === window.length) windowFailures -= window[windowNext] ?? 0;
    else windowCalls++;
    window[windowNext] = failure;
    windowFailures += failure;
    windowNext = (windowNext + 1) % window.length;
  }

  function closeByHand(): void {
    if (state !== 'closed') transition('closed', 'manual');
    else {
      consecutive = windowCalls = windowFailures = windowNext = 0;
      window.fill(0);
    }
  }

  return {
    name,
    get state() {
      refresh();
      return state;
    },
    async execute<T>(fn: () => Promise<T> | T): Promise<T> {
      const token = admit();
      let value: T;
      try {
        value = await fn();
      } catch (error) {
        failed(token, error);
        throw error;
      }
      succeeded(token);
      return value;
    },
    open(opts = {}) {
      forced = opts.durationMs === undefined;
      transition('open', 'manual', opts.durationMs ?? Number.POSITIVE_INFINITY);
    },
    close: closeByHand,
    reset() {
      closeByHand();
      for (const k of Object.keys(totals) as BreakerCallOutcome[]) totals[k] = 0;
      lastFailure = undefined;
    },
    configure(changes) {
      settings = { ...settings, ...changes };
      if (window.length !== Math.max(1, settings.windowSize)) window = new Uint8Array(Math.max(1, settings.windowSize));
      closeByHand();
    },
    snapshot() {
      refresh();
      const snap: BreakerSnapshot = {
        name,
        state,
        forced,
        consecutiveFailures: consecutive,
        window: { calls: windowCalls, failures: windowFailures, failureRate: windowCalls ? windowFailures / windowCalls : 0 },
        halfOpen: { inFlight: trialsInFlight, successes: trialSuccesses },
        totals: { ...totals },
        settings: { ...settings },
      };
      if (state !== 'closed') snap.openedAt = openedAtWall;
      if (state === 'open' && !forced) snap.nextAttemptAt = clock.now() + Math.max(0, nextAttemptMono - clock.monotonic());
      if (lastFailure) snap.lastFailure = { ...lastFailure };
      return snap;
    },
  };
}

/** A log- and client-safe summary of a failure: AppError messages are safe by contract, others are redacted. */
function describeFailure(error: unknown, at: number): { at: number; code: string; message: string } {
  if (isAppError(error)) return { at, code: error.code, message: error.message };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { at, code: 'E_INTERNAL', message: redactString(message).slice(0, 300) };
}
