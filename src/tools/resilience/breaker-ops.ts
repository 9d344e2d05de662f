/**
 * `resilience_*`: the circuit breakers as operations (and at /api/circuit-breakers/… REST routes) — list, get,
 * open, close, reset, reset all, stats, config get/update and recent events.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { BreakerEvent, BreakerRegistry } from '../../resilience/index.js';

const state = z.enum(['closed', 'open', 'half-open']);
const settings = z.object({
  consecutiveFailures: z.number().int().min(0).max(1000),
  failureRate: z.number().gt(0).max(1),
  windowSize: z.number().int().min(1).max(10_000),
  minimumCalls: z.number().int().min(1).max(10_000),
  openMs: z.number().int().min(0).max(86_400_000),
  halfOpenMaxCalls: z.number().int().min(1).max(1000),
  halfOpenSuccesses: z.number().int().min(1).max(1000),
});
const snapshot = z.object({
  name: z.string(),
  state,
  forced: z.boolean(),
  consecutiveFailures: z.number(),
  window: z.object({ calls: z.number(), failures: z.number(), failureRate: z.number() }),
  halfOpen: z.object({ inFlight: z.number(), successes: z.number() }),
  openedAt: z.number().optional(),
  nextAttemptAt: z.number().optional(),
  lastFailure: z.object({ at: z.number(), code: z.string(), message: z.string() }).optional(),
  totals: z.object({ success: z.number(), failure: z.number(), ignored: z.number(), rejected: z.number() }),
  settings,
});
const event = z.object({
  breaker: z.string(),
  from: state,
  to: state,
  reason: z.string(),
  at: z.number(),
  nextAttemptAt: z.number().optional(),
});
const name = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9:._/-]+$/)
  .describe('Breaker name, e.g. provider:anthropic or mcp:github');

export interface BreakerOpsDeps {
  breakers: BreakerRegistry;
  /** How many recent events `resilience_breaker_events` keeps. */
  eventBuffer?: number;
}

const renderSnapshot = (s: z.infer<typeof snapshot>) =>
  `${s.name}: ${s.state}${s.forced ? ' (forced)' : ''}, ${s.window.failures}/${s.window.calls} failed in window, ${s.consecutiveFailures} in a row`;

export function breakerOps(deps: BreakerOpsDeps): Operation[] {
  const { breakers } = deps;
  const capacity = deps.eventBuffer ?? 500;
  const events: BreakerEvent[] = [];
  breakers.subscribe((e) => {
    events.push(e);
    if (events.length > capacity) events.splice(0, events.length - capacity);
  });
  const known = (n: string) => {
    if (!breakers.names().includes(n)) {
      throw new AppError(
        'E_NOT_FOUND',
        `No circuit breaker "${n}". Known: ${breakers.names().join(', ') || '(none yet: breakers appear on first use)'}.`,
      );
    }
    return n;
  };
  const one = (n: string) => breakers.get(known(n)).snapshot();
  /** `resilience_close_breaker` and `resilience_reset_breaker`: same shape, different registry action. */
  const manualAction = (action: 'close' | 'reset', title: string, description: string) =>
    defineOperation({
      name: `resilience_${action}_breaker`,
      title,
      description,
      input: z.object({ name }),
      output: snapshot,
      permission: 'resilience:write',
      effects: 'write',
      idempotent: true,
      http: { method: 'POST', path: `/api/circuit-breakers/:name/${action}` },
      render: renderSnapshot,
      example: { name: 'k8s:prod' },
      run: async (input) => {
        breakers[action](known(input.name));
        return one(input.name);
      },
    });

  return [
    defineOperation({
      name: 'resilience_list_breakers',
      title: 'List circuit breakers',
      description: 'Every circuit breaker (one per outside dependency) with state, window counts, last failure and next attempt time.',
      input: z.object({ state: state.optional().describe('Only breakers in this state') }),
      output: z.object({ breakers: z.array(snapshot) }),
      permission: 'resilience:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/circuit-breakers' },
      render: (o) => (o.breakers.length ? o.breakers.map(renderSnapshot).join('\n') : 'No circuit breakers yet.'),
      run: async (input) => ({ breakers: breakers.snapshot().filter((b) => !input.state || b.state === input.state) }),
    }),
    defineOperation({
      name: 'resilience_get_breaker',
      title: 'Get a circuit breaker',
      description: 'One circuit breaker’s full snapshot.',
      input: z.object({ name }),
      output: snapshot,
      permission: 'resilience:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/circuit-breakers/:name' },
      render: renderSnapshot,
      example: { name: 'provider:anthropic' },
      run: async (input) => one(input.name),
    }),
    defineOperation({
      name: 'resilience_open_breaker',
      title: 'Open a circuit breaker',
      description: 'Force a breaker open so calls to its dependency fail fast (e.g. during maintenance); for durationMs, or until closed.',
      input: z.object({
        name,
        durationMs: z.number().int().min(1000).max(86_400_000).optional().describe('How long to stay open (1 s – 24 h)'),
      }),
      output: snapshot,
      permission: 'resilience:write',
      effects: 'write',
      http: { method: 'POST', path: '/api/circuit-breakers/:name/open' },
      render: renderSnapshot,
      example: { name: 'k8s:prod', durationMs: 300_000 },
      run: async (input) => {
        breakers.open(known(input.name), input.durationMs ? { durationMs: input.durationMs } : {});
        return one(input.name);
      },
    }),
    manualAction(
      'close',
      'Close a circuit breaker',
      'Close a breaker by hand, clearing its failure counts (totals and last failure stay).',
    ),
    manualAction('reset', 'Reset a circuit breaker', 'Close a breaker and forget everything it counted.'),
    defineOperation({
      name: 'resilience_reset_all_breakers',
      title: 'Reset all circuit breakers',
      description: 'Close and clear every breaker (after an incident is over).',
      input: z.object({}),
      output: z.object({ reset: z.array(z.string()) }),
      permission: 'resilience:write',
      effects: 'write',
      idempotent: true,
      http: { method: 'POST', path: '/api/circuit-breakers/reset' },
      render: (o) => `Reset ${o.reset.length} breaker(s).`,
      run: async () => {
        const names = breakers.names();
        for (const n of names) breakers.reset(n);
        return { reset: names };
      },
    }),
    defineOperation({
      name: 'resilience_breaker_stats',
      title: 'Circuit breaker statistics',
      description: 'Counts of breakers by state and call outcomes summed over all breakers.',
      input: z.object({}),
      output: z.object({
        breakers: z.number(),
        byState: z.object({ closed: z.number(), open: z.number(), 'half-open': z.number() }),
        calls: z.object({ success: z.number(), failure: z.number(), ignored: z.number(), rejected: z.number() }),
      }),
      permission: 'resilience:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/circuit-breakers/stats' },
      render: (o) => `${o.breakers} breakers: ${o.byState.closed} closed, ${o.byState['half-open']} half-open, ${o.byState.open} open`,
      run: async () => {
        const all = breakers.snapshot();
        const byState = { closed: 0, open: 0, 'half-open': 0 };
        const calls = { success: 0, failure: 0, ignored: 0, rejected: 0 };
        for (const b of all) {
          byState[b.state]++;
          for (const k of Object.keys(calls) as Array<keyof typeof calls>) calls[k] += b.totals[k];
        }
        return { breakers: all.length, byState, calls };
      },
    }),
    defineOperation({
      name: 'resilience_get_breaker_config',
      title: 'Circuit breaker settings',
      description: 'The default breaker settings and each breaker’s effective settings.',
      input: z.object({}),
      output: z.object({ defaults: settings, breakers: z.record(z.string(), settings) }),
      permission: 'resilience:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/circuit-breakers/config' },
      run: async () => ({
        defaults: breakers.defaults(),
        breakers: Object.fromEntries(breakers.snapshot().map((b) => [b.name, b.settings])),
      }),
    }),
    defineOperation({
      name: 'resilience_update_breaker_config',
      title: 'Change circuit breaker settings',
      description:
        'Change the settings of one breaker, or the defaults of all breakers when no name is given, until the next restart. A changed breaker starts again closed with empty counts.',
      input: z.object({
        name: name.optional(),
        settings: settings.partial().refine((s) => Object.keys(s).length > 0, 'give at least one setting'),
      }),
      output: z.object({ defaults: settings, breakers: z.record(z.string(), settings) }),
      permission: 'resilience:write',
      effects: 'write',
      http: { method: 'PUT', path: '/api/circuit-breakers/config' },
      example: { name: 'provider:openai', settings: { openMs: 30_000 } },
      run: async (input) => {
        breakers.configure(input.name ? known(input.name) : undefined, input.settings);
        return { defaults: breakers.defaults(), breakers: Object.fromEntries(breakers.snapshot().map((b) => [b.name, b.settings])) };
      },
    }),
    defineOperation({
      name: 'resilience_breaker_events',
      title: 'Recent circuit breaker events',
      description: 'State changes of breakers since start (newest last), optionally for one breaker.',
      input: z.object({ name: name.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      output: z.object({ events: z.array(event) }),
      permission: 'resilience:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/circuit-breakers/events' },
      render: (o) =>
        o.events.map((e) => `${new Date(e.at).toISOString()} ${e.breaker}: ${e.from} → ${e.to} (${e.reason})`).join('\n') || 'No events.',
      run: async (input) => ({
        events: events
          .filter((e) => !input.name || e.breaker === input.name)
          .slice(-input.limit)
          .map(({ type: _t, ...e }) => e),
      }),
    }),
  ];
}
