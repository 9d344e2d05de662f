/**
 * Persistence of consults (query, responses, consensus, costs), feedback and weights, on SQLite and
 * PostgreSQL alike. A consult is written once, when it ends, in one transaction.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ConsultResult, ExpertResponse, FeedbackEntry } from '../schemas.js';
import type { QueryType, Stance } from '../types.js';
import { type BetaWeight, PRIOR, type WeightDelta } from '../weights.js';
import type { ExpertResponsesTable } from './tables.js';
import './tables.js';

/** A consult as stored: the result plus who asked and what was attached. */
export interface StoredQuery {
  result: ConsultResult;
  userId: string | null;
  context: Array<{ name: string; kind: string }>;
}

/** One earlier turn of a conversation, with every expert's own answer. */
export interface ConversationTurn {
  queryId: string;
  userId: string | null;
  question: string;
  consensusAnswer: string | null;
  answers: Map<string, string>;
}

/** The experts tables. */
export interface ExpertsRepo {
  saveQuery(query: StoredQuery): Promise<void>;
  getQuery(queryId: string): Promise<StoredQuery | undefined>;
  /** Turns of a conversation, oldest first (empty when unknown). */
  conversation(conversationId: string): Promise<ConversationTurn[]>;
  /** Sum of known costs of a user's consults since `sinceIso`. */
  spentSince(userId: string, sinceIso: string): Promise<number>;
  /** Votes on a consult, oldest first. */
  feedbackOf(queryId: string): Promise<FeedbackEntry[]>;
  addFeedback(row: {
    id: string;
    ts: string;
    queryId: string;
    expertId: string | null;
    userId: string | null;
    vote: 'up' | 'down';
    comment: string | null;
  }): Promise<void>;
  /** Add deltas to the Beta parameters (creating rows from the prior). */
  applyWeights(deltas: readonly WeightDelta[], nowIso: string): Promise<void>;
  /** Every stored weight, keyed `expertId|queryType`. */
  weights(): Promise<Map<string, BetaWeight>>;
}

/** The key of one weight in `weights()`. */
export const weightKey = (expertId: string, queryType: QueryType) => `${expertId}|${queryType}`;

function responseRow(queryId: string, position: number, r: ExpertResponse): ExpertResponsesTable {
  return {
    id: r.responseId,
    query_id: queryId,
    position,
    expert_id: r.expertId,
    stance: r.stance,
    status: r.status,
    reason: r.reason,
    error_code: r.errorCode,
    text: r.text,
    input_tokens: r.usage.inputTokens,
    output_tokens: r.usage.outputTokens,
    cost_usd: r.costUsd,
    latency_ms: r.latencyMs,
    weight: r.weight,
    context_cuts: JSON.stringify(r.contextCuts),
    history: JSON.stringify(r.history),
  };
}

function responseOf(row: ExpertResponsesTable): ExpertResponse {
  return {
    responseId: row.id,
    expertId: row.expert_id,
    stance: row.stance as Stance,
    status: row.status as ExpertResponse['status'],
    reason: row.reason,
    errorCode: row.error_code,
    text: row.text,
    usage: { inputTokens: row.input_tokens, outputTokens: row.output_tokens },
    costUsd: row.cost_usd,
    latencyMs: row.latency_ms,
    weight: row.weight,
    contextCuts: JSON.parse(row.context_cuts),
    history: JSON.parse(row.history),
  };
}

/** The repository over `db`. */
export function createExpertsRepo(db: Database): ExpertsRepo {
  const k = db.kysely;
  return {
    async saveQuery({ result: r, userId, context }) {
      await k.transaction().execute(async (trx) => {
        await trx
          .insertInto('expert_queries')
          .values({
            id: r.queryId,
            ts: r.ts,
            user_id: userId,
            conversation_id: r.conversationId,
            type: r.type,
            question: r.question,
            status: r.status,
            confidence: r.consensus.answer === null ? null : r.consensus.confidence,
            consensus: JSON.stringify(r.consensus),
            synthesis: r.synthesis ? JSON.stringify(r.synthesis) : null,
            cost_total_usd: r.cost.totalUsd,
            cost_known_usd: r.cost.knownUsd,
            cost_estimate_usd: r.cost.estimateUsd,
            budget_usd: r.cost.budgetUsd,
            duration_ms: r.durationMs,
            notes: JSON.stringify(r.notes),
            context: JSON.stringify(context),
          })
          .execute();
        if (r.responses.length > 0) {
          await trx
            .insertInto('expert_responses')
            .values(r.responses.map((resp, i) => responseRow(r.queryId, i, resp)))
            .execute();
        }
      });
    },
    async getQuery(queryId) {
      const q = await k.selectFrom('expert_queries').selectAll().where('id', '=', queryId).executeTakeFirst();
      if (!q) return undefined;
      const rows = await k.selectFrom('expert_responses').selectAll().where('query_id', '=', queryId).orderBy('position').execute();
      const responses = rows.map(responseOf);
      const billed = responses.filter((x) => x.usage.inputTokens !== null || x.usage.outputTokens !== null);
      const unknownExperts = billed.filter((x) => x.costUsd === null).map((x) => x.expertId);
      return {
        userId: q.user_id,
        context: JSON.parse(q.context),
        result: {
          queryId: q.id,
          conversationId: q.conversation_id,
          ts: q.ts,
          type: q.type as QueryType,
          question: q.question,
          status: q.status as ConsultResult['status'],
          consensus: JSON.parse(q.consensus),
          synthesis: q.synthesis ? JSON.parse(q.synthesis) : null,
          responses,
          cost: {
            estimateUsd: q.cost_estimate_usd,
            totalUsd: q.cost_total_usd,
            knownUsd: q.cost_known_usd,
            unknownExperts,
            budgetUsd: q.budget_usd,
          },
          durationMs: q.duration_ms,
          notes: JSON.parse(q.notes),
        },
      };
    },
    async conversation(conversationId) {
      const queries = await k
        .selectFrom('expert_queries')
        .select(['id', 'user_id', 'question', 'consensus', 'ts'])
        .where('conversation_id', '=', conversationId)
        .orderBy('ts')
        .orderBy('id')
        .execute();
      if (queries.length === 0) return [];
      const answers = await k
        .selectFrom('expert_responses')
        .select(['query_id', 'expert_id', 'text'])
        .where(
          'query_id',
          'in',
          queries.map((q) => q.id),
        )
        .where('status', '=', 'ok')
        .execute();
      return queries.map((q) => ({
        queryId: q.id,
        userId: q.user_id,
        question: q.question,
        consensusAnswer: (JSON.parse(q.consensus) as { answer: string | null }).answer,
        answers: new Map(answers.filter((a) => a.query_id === q.id && a.text !== null).map((a) => [a.expert_id, a.text as string])),
      }));
    },
    async spentSince(userId, sinceIso) {
      const row = await k
        .selectFrom('expert_queries')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('cost_known_usd'), sql<number>`0`).as('spent'))
        .where('user_id', '=', userId)
        .where('ts', '>=', sinceIso)
        .executeTakeFirst();
      return Number(row?.spent ?? 0);
    },
    async feedbackOf(queryId) {
      const rows = await k
        .selectFrom('expert_feedback')
        .select(['id', 'ts', 'expert_id', 'vote', 'comment'])
        .where('query_id', '=', queryId)
        .orderBy('ts')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ feedbackId: r.id, ts: r.ts, expertId: r.expert_id, vote: r.vote, comment: r.comment }));
    },
    async addFeedback(f) {
      await k
        .insertInto('expert_feedback')
        .values({ id: f.id, ts: f.ts, query_id: f.queryId, expert_id: f.expertId, user_id: f.userId, vote: f.vote, comment: f.comment })
        .execute();
    },
    async applyWeights(deltas, nowIso) {
      if (deltas.length === 0) return;
      await k.transaction().execute(async (trx) => {
        for (const d of deltas) {
          await trx
            .insertInto('expert_weights')
            .values({
              expert_id: d.expertId,
              query_type: d.queryType,
              alpha: PRIOR.alpha + d.alpha,
              beta: PRIOR.beta + d.beta,
              updated_at: nowIso,
            })
            .onConflict((oc) =>
              oc.columns(['expert_id', 'query_type']).doUpdateSet({
                alpha: sql<number>`expert_weights.alpha + ${d.alpha}`,
                beta: sql<number>`expert_weights.beta + ${d.beta}`,
                updated_at: nowIso,
              }),
            )
            .execute();
        }
      });
    },
    async weights() {
      const rows = await k.selectFrom('expert_weights').selectAll().execute();
      return new Map(rows.map((r) => [weightKey(r.expert_id, r.query_type as QueryType), { alpha: r.alpha, beta: r.beta }]));
    },
  };
}
