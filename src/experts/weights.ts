/**
 * Adaptive expert weights as a Beta–Bernoulli model per expert and query type: α counts good outcomes, β bad
 * ones, starting from a uniform prior (1, 1), and the weight is the posterior mean α / (α + β). User feedback
 * moves a weight by 1; agreeing with (or dissenting from) the panel moves it by a quarter, so feedback dominates.
 */
import type { QueryType, Stance } from './types.js';

/** Beta posterior parameters of one expert for one query type. */
export interface BetaWeight {
  alpha: number;
  beta: number;
}

/** The uniform prior every expert starts from. */
export const PRIOR: Readonly<BetaWeight> = Object.freeze({ alpha: 1, beta: 1 });

/** Step of one user vote. */
export const FEEDBACK_STEP = 1;
/** Step of one consult's agreement outcome. */
export const AGREEMENT_STEP = 0.25;

/** The posterior mean, rounded to 3 decimals (0.5 for the prior). */
export function weightOf(w: BetaWeight | undefined): number {
  const { alpha, beta } = w ?? PRIOR;
  return Math.round((alpha / (alpha + beta)) * 1000) / 1000;
}

/** How many outcomes the weight rests on beyond the prior. */
export function evidenceOf(w: BetaWeight | undefined): number {
  const { alpha, beta } = w ?? PRIOR;
  return Math.round((alpha + beta - PRIOR.alpha - PRIOR.beta) * 100) / 100;
}

/** One change to one expert's weight for one query type. */
export interface WeightDelta {
  expertId: string;
  queryType: QueryType;
  alpha: number;
  beta: number;
}

/**
 * Agreement history after a consult: majority members gain α, neutral dissenters gain β. Nothing moves when
 * fewer than two experts answered (no panel to agree with); devil's advocates and assigned advocates are
 * exempt, since their position was chosen for them.
 */
export function agreementDeltas(
  queryType: QueryType,
  answered: ReadonlyArray<{ expertId: string; stance: Stance }>,
  majority: readonly string[],
): WeightDelta[] {
  if (answered.length < 2 || majority.length < 2) return [];
  const inMajority = new Set(majority);
  return answered
    .filter((a) => a.stance === 'neutral')
    .map((a) =>
      inMajority.has(a.expertId)
        ? { expertId: a.expertId, queryType, alpha: AGREEMENT_STEP, beta: 0 }
        : { expertId: a.expertId, queryType, alpha: 0, beta: AGREEMENT_STEP },
    );
}

/**
 * User feedback: a vote on one expert's answer moves that expert; a vote on the whole query moves every
 * expert of the consensus (majority) cluster.
 */
export function feedbackDeltas(queryType: QueryType, vote: 'up' | 'down', experts: readonly string[]): WeightDelta[] {
  return experts.map((expertId) =>
    vote === 'up' ? { expertId, queryType, alpha: FEEDBACK_STEP, beta: 0 } : { expertId, queryType, alpha: 0, beta: FEEDBACK_STEP },
  );
}
