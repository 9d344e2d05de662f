/**
 * Input and output schemas of the experts operations (`experts_consult`, `experts_list`, `experts_health`,
 * `experts_history`, `experts_get_query`, `experts_feedback`) and of consult progress events (SSE). The gateway
 * wraps the service methods with these; the service's types are inferred from them, so there is one definition.
 */
import { z } from 'zod';
import { PROVIDER_IDS, QUERY_TYPES, STANCES } from './types.js';

/** `provider:model`, e.g. `anthropic:claude-sonnet-5-5`. */
export const expertIdSchema = z
  .string()
  .regex(new RegExp(`^(${PROVIDER_IDS.join('|')}):.+$`), 'Expected provider:model, e.g. anthropic:claude-sonnet-5-5')
  .max(200)
  .describe(`An expert as provider:model; providers: ${PROVIDER_IDS.join(', ')}.`);

/** A query type. */
export const queryTypeSchema = z.enum(QUERY_TYPES).describe('What kind of question: shapes prompts, auto-selection and per-type weights.');
/** An expert's stance. */
export const stanceSchema = z.enum(STANCES).describe('for / against (devil’s advocate) / neutral.');

/** Input of `experts_consult`. */
export const consultInput = z.strictObject({
  question: z.string().trim().min(1).max(50_000).describe('The question for the panel (≤ 50,000 characters).'),
  type: queryTypeSchema.default('general'),
  context: z
    .strictObject({
      snippets: z
        .array(z.strictObject({ name: z.string().min(1).max(300).describe('Title or file name.'), text: z.string().max(1_000_000) }))
        .max(50)
        .default([])
        .describe('Text attached as context; cut per provider to fit its window (cuts are reported).'),
      files: z.array(z.string().min(1).max(1000)).max(50).default([]).describe('Workspace files read through the path guard.'),
      snapshotId: z.string().min(1).max(200).optional().describe('A crawler snapshot whose summary is attached.'),
    })
    .prefault({}),
  experts: z
    .array(expertIdSchema)
    .min(1)
    .max(12)
    .optional()
    .describe('Experts to ask; omit to auto-select by type, health, weight and cost.'),
  stances: z.record(z.string(), stanceSchema).optional().describe('Stance per expert id; others answer neutrally.'),
  devilsAdvocate: z
    .boolean()
    .optional()
    .describe('With 3+ experts, ask the lowest-weighted one to argue against (default: experts.devilsAdvocate).'),
  deadlineMs: z.number().int().min(0).max(900_000).optional().describe('Global deadline in ms; 0 = none (default: experts.deadlineMs).'),
  budgetUsd: z.number().positive().max(10_000).optional().describe('Refuse the query when its worst-case estimate exceeds this (USD).'),
  minExperts: z.number().int().min(1).max(12).optional().describe('Fewest answers for a complete result (default: experts.minExperts).'),
  maxExperts: z.number().int().min(1).max(12).optional().describe('Most experts auto-selection picks (default: experts.maxExperts).'),
  conversationId: z.uuid().optional().describe('Continue an earlier consult: its turns are included within each window.'),
  synthesize: z
    .boolean()
    .optional()
    .describe('Have the chair model write a final answer from all responses (default: experts.chair.enabled).'),
});
/** What callers pass to `consult` (defaults optional). */
export type ConsultInput = z.input<typeof consultInput>;
/** A consult input after validation (defaults applied). */
export type ConsultRequest = z.output<typeof consultInput>;

const usage = z.object({ inputTokens: z.number().int().nullable(), outputTokens: z.number().int().nullable() });

/** One expert's part in a consult (also for experts skipped before the call). */
export const expertResponseSchema = z.object({
  responseId: z.string(),
  expertId: z.string(),
  stance: stanceSchema,
  status: z.enum(['ok', 'error', 'timeout', 'skipped', 'cancelled']),
  reason: z.string().nullable().describe('Why it failed or was skipped (null when ok).'),
  errorCode: z.string().nullable(),
  text: z.string().nullable(),
  usage,
  costUsd: z.number().nullable().describe('USD; null = unknown (missing price or usage), never a silent 0.'),
  latencyMs: z.number().int().nullable(),
  weight: z.number().describe('The expert’s weight for this query type when asked (0–1).'),
  contextCuts: z.array(z.object({ name: z.string(), originalTokens: z.number(), keptTokens: z.number(), dropped: z.boolean() })),
  history: z.object({ includedTurns: z.number().int(), droppedTurns: z.number().int(), summarised: z.boolean() }),
});
/** One expert's part in a consult. */
export type ExpertResponse = z.infer<typeof expertResponseSchema>;

/** The consensus of a consult: answer, clusters, dissent, agreement, recommendations, contradictions, confidence. */
export const consensusSchema = z.object({
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  majority: z.array(z.string()),
  confidence: z.number().min(0).max(1),
  confidenceLabel: z.enum(['high', 'medium', 'low', 'none']),
  clusters: z.array(z.object({ experts: z.array(z.string()), medoid: z.string(), cohesion: z.number() })),
  dissent: z.array(
    z.object({
      experts: z.array(z.string()),
      stances: z.array(stanceSchema),
      answer: z.string(),
      summary: z.string(),
      similarityToConsensus: z.number(),
    }),
  ),
  agreement: z.object({ experts: z.array(z.string()), matrix: z.array(z.array(z.number())) }),
  recommendations: z.array(z.object({ text: z.string(), votes: z.number().int(), experts: z.array(z.string()) })),
  contradictions: z.array(
    z.object({
      kind: z.enum(['negation', 'numeric']),
      experts: z.tuple([z.string(), z.string()]),
      statements: z.tuple([z.string(), z.string()]),
      similarity: z.number(),
    }),
  ),
});

/** Output of `experts_consult` (and one item of `experts_history` by id). */
export const consultOutput = z.object({
  queryId: z.string(),
  conversationId: z.string(),
  ts: z.string().describe('ISO-8601 start time.'),
  type: queryTypeSchema,
  question: z.string(),
  status: z
    .enum(['complete', 'partial', 'insufficient', 'failed'])
    .describe('partial: some experts failed; insufficient: fewer than minExperts answered.'),
  consensus: consensusSchema,
  synthesis: z.object({ expertId: z.string(), text: z.string(), costUsd: z.number().nullable() }).nullable(),
  responses: z.array(expertResponseSchema),
  cost: z.object({
    estimateUsd: z.number().nullable().describe('Pre-flight worst case; null when a price is unknown.'),
    totalUsd: z.number().nullable().describe('Actual; null when any part is unknown.'),
    knownUsd: z.number(),
    unknownExperts: z.array(z.string()),
    budgetUsd: z.number().nullable(),
  }),
  durationMs: z.number().int(),
  notes: z.array(z.string()).describe('Truncations, dropped turns, skipped experts: nothing is cut silently.'),
});
/** What `consult` returns. */
export type ConsultResult = z.infer<typeof consultOutput>;

/** Progress of a running consult (the SSE `data` of `POST /api/experts/consult`). */
export const consultProgress = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('plan'),
    queryId: z.string(),
    experts: z.array(z.object({ expertId: z.string(), stance: stanceSchema })),
    estimateUsd: z.number().nullable(),
  }),
  z.object({ type: z.literal('expert_started'), expertId: z.string(), attempt: z.number().int() }),
  z.object({ type: z.literal('expert_delta'), expertId: z.string(), chars: z.number().int().describe('Characters received so far.') }),
  z.object({
    type: z.literal('expert_done'),
    expertId: z.string(),
    status: expertResponseSchema.shape.status,
    latencyMs: z.number().int().nullable(),
    reason: z.string().nullable(),
  }),
  z.object({ type: z.literal('synthesis_started'), expertId: z.string() }),
  z.object({ type: z.literal('done'), queryId: z.string(), status: consultOutput.shape.status }),
]);
/** One progress event of a running consult. */
export type ConsultProgress = z.infer<typeof consultProgress>;

/** Input of `experts_list`. */
export const listInput = z.strictObject({
  type: queryTypeSchema.optional().describe('Show weights for this query type only.'),
});

/** Output of `experts_list`. */
export const listOutput = z.object({
  experts: z.array(
    z.object({
      expertId: z.string(),
      provider: z.enum(PROVIDER_IDS),
      model: z.string(),
      available: z.boolean().describe('Provider enabled and keyed.'),
      isDefault: z.boolean(),
      contextTokens: z.number().int(),
      price: z.object({ inputPerMTok: z.number(), outputPerMTok: z.number(), asOf: z.string(), source: z.string() }).nullable(),
      breaker: z.enum(['closed', 'open', 'half-open']),
      weights: z.record(z.string(), z.object({ weight: z.number(), evidence: z.number() })).describe('Per query type.'),
    }),
  ),
});
/** What `list` returns. */
export type ExpertsList = z.infer<typeof listOutput>;

/** Input of `experts_health`. */
export const healthInput = z.strictObject({
  probe: z.boolean().default(true).describe('Call each provider’s model listing (free) to check reachability and the key.'),
});

/** Output of `experts_health`. */
export const healthOutput = z.object({
  providers: z.array(
    z.object({
      provider: z.enum(PROVIDER_IDS),
      configured: z.boolean(),
      breaker: z.enum(['closed', 'open', 'half-open']),
      probe: z.object({ ok: z.boolean(), latencyMs: z.number(), detail: z.string() }).nullable(),
      missingModels: z.array(z.string()).describe('Configured models the provider did not list.'),
    }),
  ),
});
/** What `health` returns. */
export type ExpertsHealth = z.infer<typeof healthOutput>;

/** Input of `experts_history`: search filters, or one query by id. */
export const historyInput = z.strictObject({
  queryId: z.string().optional().describe('Return this query in full (as consult returned it).'),
  text: z.string().max(500).optional().describe('Case-insensitive substring of the question or consensus answer.'),
  type: queryTypeSchema.optional(),
  expertId: z.string().optional(),
  conversationId: z.string().optional(),
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(200).default(20),
  offset: z.number().int().min(0).default(0),
});
/** What callers pass to `history`. */
export type HistoryInput = z.input<typeof historyInput>;

/** One consult in a history page. */
export const historyItem = z.object({
  queryId: z.string(),
  conversationId: z.string(),
  ts: z.string(),
  userId: z.string().nullable(),
  type: queryTypeSchema,
  question: z.string(),
  status: consultOutput.shape.status,
  confidence: z.number().nullable(),
  costUsd: z.number().nullable(),
  experts: z.array(z.string()),
});

/** Output of `experts_history`. */
export const historyOutput = z.object({
  total: z.number().int(),
  items: z.array(historyItem),
  query: consultOutput.nullable().describe('The full query when `queryId` was given.'),
});
/** What `history` returns. */
export type HistoryResult = z.infer<typeof historyOutput>;

/** Input of `experts_get_query`. */
export const getQueryInput = z.strictObject({
  queryId: z.string().min(1).max(200).describe('The consult’s queryId, as experts_consult or experts_history returned it.'),
});

/** One vote on a stored consult. */
export const feedbackEntry = z.object({
  feedbackId: z.string(),
  ts: z.string().describe('ISO-8601 time of the vote.'),
  expertId: z.string().nullable().describe('The expert voted on; null = the consensus.'),
  vote: z.enum(['up', 'down']),
  comment: z.string().nullable(),
});
/** One vote on a stored consult. */
export type FeedbackEntry = z.infer<typeof feedbackEntry>;

/** Output of `experts_get_query`: the consult as it was returned, what was attached, and the votes on it. */
export const queryDetailOutput = consultOutput.extend({
  context: z
    .array(z.object({ name: z.string(), kind: z.string() }))
    .describe('What was attached (snippet, file, snapshot), by name; the text itself is not stored.'),
  feedback: z.array(feedbackEntry).describe('Votes on this consult, oldest first.'),
});
/** What `getQuery` returns. */
export type QueryDetail = z.infer<typeof queryDetailOutput>;

/** Input of the history export. */
export const exportInput = historyInput.omit({ queryId: true, limit: true, offset: true }).extend({
  format: z.enum(['json', 'ndjson', 'markdown']).default('json'),
  limit: z.number().int().min(1).max(10_000).default(1000),
});
/** What callers pass to `exportHistory`. */
export type ExportInput = z.input<typeof exportInput>;

/** Input of `experts_feedback`. */
export const feedbackInput = z.strictObject({
  queryId: z.string().min(1),
  expertId: z.string().optional().describe('Vote on this expert’s answer; omit to vote on the consensus.'),
  vote: z.enum(['up', 'down']),
  comment: z.string().max(2000).optional(),
});
/** What callers pass to `feedback`. */
export type FeedbackInput = z.input<typeof feedbackInput>;

/** Output of `experts_feedback`. */
export const feedbackOutput = z.object({
  feedbackId: z.string(),
  weights: z.array(z.object({ expertId: z.string(), queryType: queryTypeSchema, weight: z.number() })),
});
/** What `feedback` returns. */
export type FeedbackResult = z.infer<typeof feedbackOutput>;

/** Input of storing a provider key through the API (encrypted at rest). */
export const setProviderKeyInput = z.strictObject({
  provider: z.enum(PROVIDER_IDS),
  apiKey: z.string().min(1).max(500),
});
