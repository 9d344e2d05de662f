/**
 * The pre-flight of a consult: gather context and earlier turns, price and size a request for every
 * candidate expert, seat the panel, and refuse up front when budgets or the minimum panel size cannot be met.
 * Nothing is sent to a provider here.
 */
import type { z } from 'zod';
import type { expertsSchema } from '../../core/config/experts.js';
import type { Clock, Ids } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { Resilience } from '../../resilience/index.js';
import { type CostTotal, estimateCallCost, type PriceBook, sumCosts } from '../costs.js';
import { dependencyOf } from '../panel/call-expert.js';
import type { Seat } from '../panel/fan-out.js';
import type { RateGate } from '../panel/rate-gate.js';
import { type Candidate, type Selection, selectExperts } from '../panel/select-experts.js';
import { type BuiltRequest, buildExpertRequest } from '../prompt/build-request.js';
import type { ContextItem } from '../prompt/context.js';
import type { FileContextReader } from '../prompt/file-context.js';
import type { Turn } from '../prompt/history.js';
import type { SnapshotContextReader } from '../prompt/snapshot-context.js';
import type { ConsultRequest } from '../schemas.js';
import type { ExpertsRepo } from '../store/experts-repo.js';
import { weightKey } from '../store/experts-repo.js';
import { type LLMProvider, type ProviderId, parseExpertId } from '../types.js';
import { weightOf } from '../weights.js';
import { gatherContext } from './gather-context.js';

/** The `experts` config section. */
export type ExpertsSettings = z.output<typeof expertsSchema>;

/** What a consult runs on (built once per process by the service). */
export interface ConsultEnv {
  settings: ExpertsSettings;
  clock: Clock;
  ids: Ids;
  resilience: Resilience;
  rateGate: RateGate;
  prices: PriceBook;
  repo: ExpertsRepo;
  /** Usable providers (enabled and keyed). */
  providers(): ReadonlyMap<ProviderId, LLMProvider>;
  /** Every expert id config offers (configured or not). */
  knownExperts(): string[];
  contextTokens(expertId: string): number;
  /** Reads a workspace file through the path guard; absent = `context.files` is refused. */
  readFile?: FileContextReader | undefined;
  /** Renders a crawler snapshot as context; absent = `context.snapshotId` is refused. */
  snapshotContext?: SnapshotContextReader | undefined;
}

/** Everything the run needs, decided before any call. */
export interface ConsultPlan {
  seats: Seat[];
  selection: Selection;
  context: ContextItem[];
  /** Attached files cut at a size cap or left out (gather-context.ts). */
  contextNotes: string[];
  /** Earlier turns per expert (its own answers, else the consensus). */
  historyFor: (expertId: string) => Turn[];
  estimate: CostTotal;
  budgetUsd: number | null;
  /** The model that writes the synthesis, when one is wanted and usable. */
  chair: { expertId: string; provider: LLMProvider } | null;
  weights: Map<string, number>;
}

/** Start of the UTC day of `nowMs`, as ISO text, and ms until the next one. */
export function utcDay(nowMs: number): { startIso: string; msToNext: number } {
  const start = Math.floor(nowMs / 86_400_000) * 86_400_000;
  return { startIso: new Date(start).toISOString(), msToNext: start + 86_400_000 - nowMs };
}

async function loadHistory(env: ConsultEnv, conversationId: string | undefined, userId: string | null) {
  if (!conversationId) return () => [];
  const turns = await env.repo.conversation(conversationId);
  // Someone else's conversation is reported as missing, so ids cannot be probed.
  if (turns.length === 0 || (userId !== null && turns.some((t) => t.userId !== null && t.userId !== userId))) {
    throw new AppError('E_NOT_FOUND', `No conversation ${conversationId}. Start one by consulting without a conversationId.`);
  }
  return (expertId: string): Turn[] =>
    turns.map((t) => ({ question: t.question, answer: t.answers.get(expertId) ?? t.consensusAnswer ?? '(no answer)' }));
}

/** Plan a consult; throws E_VALIDATION (over budget), E_RATE_LIMITED (daily budget) or E_UNAVAILABLE (no panel). */
export async function planConsult(
  env: ConsultEnv,
  input: ConsultRequest,
  userId: string | null,
  signal: AbortSignal,
): Promise<ConsultPlan> {
  const { settings } = env;
  const { items: context, notes: contextNotes } = await gatherContext(env, input, signal);
  const historyFor = await loadHistory(env, input.conversationId, userId);
  const stored = await env.repo.weights();
  const providers = env.providers();
  const weights = new Map<string, number>();
  const built = new Map<string, BuiltRequest>();
  const build = (expertId: string, provider: LLMProvider, stance: Seat['stance']) =>
    buildExpertRequest({
      question: input.question,
      type: input.type,
      stance,
      context,
      history: historyFor(expertId),
      model: parseExpertId(expertId)?.model ?? expertId,
      charsPerToken: provider.charsPerToken,
      contextTokens: env.contextTokens(expertId),
      maxOutputTokens: settings.maxOutputTokens,
      temperature: settings.temperature,
    });

  const ids = new Set([...env.knownExperts(), ...settings.defaultExperts, ...(input.experts ?? [])]);
  const candidates: Candidate[] = [];
  for (const expertId of ids) {
    const parsed = parseExpertId(expertId);
    if (!parsed) continue;
    const weight = weightOf(stored.get(weightKey(expertId, input.type)));
    weights.set(expertId, weight);
    const base = { expertId, provider: parsed.provider, weight, estimateUsd: null };
    const provider = providers.get(parsed.provider);
    if (!provider) {
      candidates.push({ ...base, unavailable: `provider ${parsed.provider} is not configured (set providers.${parsed.provider}.apiKey)` });
      continue;
    }
    const breaker = env.resilience.breakers.get(dependencyOf(parsed.provider));
    if (breaker.state === 'open') {
      candidates.push({ ...base, unavailable: `circuit breaker open: ${parsed.provider} failed repeatedly` });
      continue;
    }
    if (env.rateGate.heldUntil(parsed.provider) !== undefined) {
      candidates.push({ ...base, unavailable: `${parsed.provider} rate limit exhausted` });
      continue;
    }
    try {
      const b = build(expertId, provider, input.stances?.[expertId] ?? 'neutral');
      built.set(expertId, b);
      const estimateUsd = estimateCallCost(env.prices.priceOf(expertId), b.inputTokens, settings.maxOutputTokens);
      candidates.push({ ...base, estimateUsd });
    } catch (e) {
      candidates.push({ ...base, unavailable: e instanceof Error ? e.message : String(e) });
    }
  }

  const queryBudget = input.budgetUsd ?? settings.defaultBudgetUsd;
  let dailyLeft: number | undefined;
  const day = utcDay(env.clock.now());
  if (settings.dailyBudgetUsd !== undefined && userId !== null) {
    dailyLeft = settings.dailyBudgetUsd - (await env.repo.spentSince(userId, day.startIso));
    if (dailyLeft <= 0) {
      throw new AppError('E_RATE_LIMITED', `The daily experts budget of $${settings.dailyBudgetUsd} is spent; it resets at 00:00 UTC.`, {
        retryAfterMs: day.msToNext,
        details: { dailyBudgetUsd: settings.dailyBudgetUsd },
      });
    }
  }
  const budgetUsd = queryBudget === undefined ? dailyLeft : dailyLeft === undefined ? queryBudget : Math.min(queryBudget, dailyLeft);

  const selection = selectExperts({
    candidates,
    requested: input.experts,
    defaults: settings.defaultExperts,
    max: input.maxExperts ?? settings.maxExperts,
    budgetUsd,
    stances: input.stances,
    devilsAdvocate: input.devilsAdvocate ?? settings.devilsAdvocate,
  });
  const minExperts = input.minExperts ?? settings.minExperts;
  if (selection.chosen.length < minExperts) {
    const reasons = selection.skipped.map((s) => `${s.expertId}: ${s.reason}`).join('; ');
    throw new AppError(
      'E_UNAVAILABLE',
      `Only ${selection.chosen.length} expert(s) can be asked, fewer than the minimum of ${minExperts}.${reasons ? ` ${reasons}.` : ' No provider is configured: set providers.<vendor>.apiKey.'}`,
      { details: { skipped: selection.skipped } },
    );
  }

  const seats: Seat[] = selection.chosen.map(({ expertId, stance }) => {
    const provider = providers.get(parseExpertId(expertId)?.provider as ProviderId) as LLMProvider;
    const neutral = built.get(expertId) as BuiltRequest;
    const b = stance === (input.stances?.[expertId] ?? 'neutral') ? neutral : build(expertId, provider, stance);
    return { expertId, stance, weight: weights.get(expertId) ?? 0.5, provider, built: b };
  });
  const chair = (input.synthesize ?? settings.chair.enabled) ? chooseChair(settings, seats, providers) : null;
  const costs = seats.map((s) => estimateCallCost(env.prices.priceOf(s.expertId), s.built.inputTokens, settings.maxOutputTokens));
  if (chair) {
    // The chair reads the question and every answer at its full output cap.
    const inputTokens = Math.ceil(input.question.length / chair.provider.charsPerToken) + seats.length * settings.maxOutputTokens + 300;
    costs.push(estimateCallCost(env.prices.priceOf(chair.expertId), inputTokens, settings.chair.maxOutputTokens));
  }
  const estimate = sumCosts(costs);
  checkBudget(estimate, seats, budgetUsd, queryBudget, dailyLeft, day.msToNext);
  return { seats, selection, context, contextNotes, historyFor, estimate, budgetUsd: budgetUsd ?? null, weights, chair };
}

/** The configured chair if its provider is usable, else the highest-weighted seat. */
function chooseChair(settings: ExpertsSettings, seats: readonly Seat[], providers: ReadonlyMap<ProviderId, LLMProvider>) {
  const configured = settings.chair.expert ? parseExpertId(settings.chair.expert) : undefined;
  const provider = configured ? providers.get(configured.provider) : undefined;
  if (settings.chair.expert && provider) return { expertId: settings.chair.expert, provider };
  const best = seats.reduce<Seat | undefined>((b, s) => (!b || s.weight > b.weight ? s : b), undefined);
  return best ? { expertId: best.expertId, provider: best.provider } : null;
}

function checkBudget(
  estimate: CostTotal,
  seats: readonly Seat[],
  budgetUsd: number | undefined,
  queryBudget: number | undefined,
  dailyLeft: number | undefined,
  msToNextDay: number,
): void {
  if (budgetUsd === undefined) return;
  if (estimate.totalUsd === null) {
    throw new AppError(
      'E_VALIDATION',
      `The cost of some experts is unknown (no price), so the budget of $${budgetUsd} cannot be guaranteed. Add experts.prices entries or drop the budget.`,
      {
        details: { budgetUsd },
      },
    );
  }
  if (estimate.totalUsd <= budgetUsd) return;
  const detail = { estimateUsd: estimate.totalUsd, budgetUsd, experts: seats.map((s) => s.expertId) };
  if (dailyLeft !== undefined && (queryBudget === undefined || dailyLeft < queryBudget)) {
    throw new AppError(
      'E_RATE_LIMITED',
      `The worst-case estimate $${estimate.totalUsd} exceeds what is left of today's experts budget ($${roundCents(dailyLeft)}).`,
      {
        retryAfterMs: msToNextDay,
        details: detail,
      },
    );
  }
  throw new AppError(
    'E_VALIDATION',
    `The worst-case estimate $${estimate.totalUsd} exceeds the budget of $${budgetUsd}. Raise the budget, ask fewer or cheaper experts, or shorten the context.`,
    { details: detail },
  );
}

const roundCents = (usd: number) => Math.round(usd * 10_000) / 10_000;
