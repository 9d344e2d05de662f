/**
 * Row types of the experts tables, merged into the shared `Tables` for Kysely. Times are ISO-8601 UTC text,
 * JSON is text, USD amounts are floating point (null = unknown).
 */
import type { Stance } from '../types.js';

/** One consult. */
export interface ExpertQueriesTable {
  id: string;
  ts: string;
  user_id: string | null;
  conversation_id: string;
  type: string;
  question: string;
  status: string;
  confidence: number | null;
  /** JSON: the consensus object of the result. */
  consensus: string;
  /** JSON: the synthesis, or null. */
  synthesis: string | null;
  cost_total_usd: number | null;
  cost_known_usd: number;
  cost_estimate_usd: number | null;
  budget_usd: number | null;
  duration_ms: number;
  /** JSON string array. */
  notes: string;
  /** JSON: names and kinds of attached context (not the content). */
  context: string;
}

/** One expert's answer (or failure, or skip) within a consult. */
export interface ExpertResponsesTable {
  id: string;
  query_id: string;
  position: number;
  expert_id: string;
  stance: Stance;
  status: string;
  reason: string | null;
  error_code: string | null;
  text: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number | null;
  weight: number;
  /** JSON: context cuts. */
  context_cuts: string;
  /** JSON: history fit. */
  history: string;
}

/** A user's vote on a consult or on one expert's answer. */
export interface ExpertFeedbackTable {
  id: string;
  ts: string;
  query_id: string;
  expert_id: string | null;
  user_id: string | null;
  vote: 'up' | 'down';
  comment: string | null;
}

/** Beta posterior of one expert for one query type (prior included). */
export interface ExpertWeightsTable {
  expert_id: string;
  query_type: string;
  alpha: number;
  beta: number;
  updated_at: string;
}

declare module '../../db/tables.js' {
  interface Tables {
    expert_queries: ExpertQueriesTable;
    expert_responses: ExpertResponsesTable;
    expert_feedback: ExpertFeedbackTable;
    expert_weights: ExpertWeightsTable;
  }
}
