/**
 * `experts_list`, `experts_health`, `experts_history` and `experts_get_query`: the panel on offer, provider
 * reachability and the caller's own past consults. Read-only (the health probe lists models, which vendors do not bill).
 */
import { z } from 'zod';
import {
  getQueryInput,
  healthInput,
  healthOutput,
  historyInput,
  historyOutput,
  listInput,
  listOutput,
  queryDetailOutput,
} from '../../experts/schemas.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { ExpertsToolDeps } from './deps.js';
import { renderConsult } from './render-consult.js';

/** `true`/`false` from JSON or from a query string (`?probe=false`). */
const flag = z.union([z.boolean(), z.stringbool()]);
const usd = (v: number | null) => (v === null ? 'unknown' : `$${v.toFixed(4)}`);

/** The read operations of the experts tool server. */
export function readOps(deps: ExpertsToolDeps): Operation[] {
  return [
    defineOperation({
      name: 'experts_list',
      title: 'List experts',
      description:
        'Every expert (provider:model) on offer: whether its provider is configured, default membership, context window, price per million ' +
        'tokens, circuit breaker state and the learned weight per query type (0–1, with its evidence).',
      input: listInput,
      output: listOutput,
      permission: 'experts:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/experts' },
      example: { type: 'review' },
      render: (o) =>
        o.experts
          .map((e) => {
            const weights = Object.entries(e.weights)
              .map(([t, w]) => `${t} ${w.weight.toFixed(2)}`)
              .join(', ');
            const price = e.price ? `$${e.price.inputPerMTok}/$${e.price.outputPerMTok} per MTok` : 'price unknown';
            return `${e.expertId}${e.isDefault ? ' (default)' : ''}: ${e.available ? 'available' : 'not configured'}, ${price}, breaker ${e.breaker}, weights ${weights}`;
          })
          .join('\n') || 'No experts configured.',
      run: async (input) => deps.experts.list(input),
    }),
    defineOperation({
      name: 'experts_health',
      title: 'Experts provider health',
      description:
        'Each provider: configured or not, circuit breaker state and, with probe (default true), a free model listing that checks ' +
        'reachability and the key, with latency and configured models the provider does not offer.',
      input: healthInput.extend({ probe: flag.default(true).describe('Probe each configured provider (a free model listing).') }),
      output: healthOutput,
      permission: 'experts:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/experts/health' },
      example: { probe: false },
      render: (o) =>
        o.providers
          .map((p) => {
            if (!p.configured) return `${p.provider}: not configured`;
            const probe = p.probe ? `, ${p.probe.ok ? 'ok' : 'failing'} in ${p.probe.latencyMs} ms (${p.probe.detail})` : '';
            const missing = p.missingModels.length ? `, missing models ${p.missingModels.join(', ')}` : '';
            return `${p.provider}: breaker ${p.breaker}${probe}${missing}`;
          })
          .join('\n'),
      run: async (input, ctx) => deps.experts.health(input, { signal: ctx.signal }),
    }),
    defineOperation({
      name: 'experts_history',
      title: 'Experts consult history',
      description:
        'Your past consults, newest first: search by text (question or consensus), type, expert, conversation and time, or give queryId for ' +
        'one consult in full as experts_consult returned it. Only the caller’s own consults are visible.',
      input: historyInput.extend({
        limit: z.coerce.number().int().min(1).max(200).default(20).describe('Page size (1–200).'),
        offset: z.coerce.number().int().min(0).default(0),
      }),
      output: historyOutput,
      permission: 'experts:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/experts/queries' },
      example: { text: 'billing', limit: 10 },
      render: (o) => {
        if (o.query) return `${o.query.ts} ${o.query.status} ${o.query.question}\n${o.query.consensus.answer ?? '(no consensus)'}`;
        const rows = o.items.map(
          (q) =>
            `${q.ts} ${q.status} confidence ${q.confidence?.toFixed(2) ?? '–'} ${usd(q.costUsd)} ${q.question.slice(0, 80)} (query ${q.queryId})`,
        );
        return [`${o.total} consult(s)`, ...rows].join('\n');
      },
      run: async (input, ctx) => deps.experts.history(input, { userId: ctx.principal.id }),
    }),
    defineOperation({
      name: 'experts_get_query',
      title: 'Get one consult',
      description:
        'One of your past consults by queryId: the question, every expert’s answer (or failure) with tokens, cost and latency, the ' +
        'consensus with dissent, recommendations and contradictions, the costs, what was attached and the votes cast on it. ' +
        'E_NOT_FOUND for ids that are unknown or not yours.',
      input: getQueryInput,
      output: queryDetailOutput,
      permission: 'experts:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/experts/queries/:queryId' },
      example: { queryId: '5b0f7c3e-6a51-4c1e-9f0e-2d5d1c3a9b77' },
      render: (o) => {
        const votes = o.feedback.map((f) => `${f.vote} on ${f.expertId ?? 'the consensus'}${f.comment ? `: ${f.comment}` : ''}`);
        return [`${o.ts} ${o.question}`, renderConsult(o), ...(votes.length ? [`Votes: ${votes.join('; ')}`] : [])].join('\n');
      },
      run: async (input, ctx) => deps.experts.getQuery(input, { userId: ctx.principal.id }),
    }),
  ];
}
