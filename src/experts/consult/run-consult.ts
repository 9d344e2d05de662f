/**
 * A consult end to end: plan (pre-flight), fan-out under the global deadline, consensus, agreement weights,
 * optional synthesis, costs and notes, then one write to history. Progress goes to `onProgress`.
 */
import { isAppError, toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { buildConsensus } from '../consensus/consensus.js';
import { costOfCall, sumCosts } from '../costs.js';
import { runPanel, type SeatOutcome, statusOfError } from '../panel/fan-out.js';
import { type ConsultInput, type ConsultProgress, type ConsultResult, consultInput, type ExpertResponse } from '../schemas.js';
import { parseExpertId } from '../types.js';
import { agreementDeltas } from '../weights.js';
import { parseInput } from './parse-input.js';
import { type ConsultEnv, type ConsultPlan, planConsult } from './plan-consult.js';
import { synthesize } from './synthesize.js';

/** Per-call options of a consult. */
export interface ConsultOptions {
  /** Who asks (daily budgets, history ownership); null for local CLI use without a user. */
  userId?: string | null;
  signal?: AbortSignal;
  onProgress?: (event: ConsultProgress) => void;
  /** Override `experts.stream` (e.g. off for the REST face without SSE). */
  stream?: boolean;
}

const EMPTY_HISTORY = { includedTurns: 0, droppedTurns: 0, summarised: false };

function responseOf(o: SeatOutcome, id: string, env: ConsultEnv): ExpertResponse {
  const { seat } = o;
  const base = {
    responseId: id,
    expertId: seat.expertId,
    stance: seat.stance,
    weight: seat.weight,
    contextCuts: seat.built.context.cuts,
    history: {
      includedTurns: seat.built.history.includedTurns,
      droppedTurns: seat.built.history.droppedTurns,
      summarised: seat.built.history.summarised,
    },
    latencyMs: o.latencyMs,
  };
  if (o.ok) {
    const usage = { inputTokens: o.response.usage.inputTokens, outputTokens: o.response.usage.outputTokens };
    const costUsd = costOfCall(env.prices.priceOf(seat.expertId), o.response.usage);
    if (o.response.text.trim() === '') {
      // Billed but empty: typically a reasoning model that spent the whole output cap thinking.
      const reason = `returned no text (finish reason: ${o.response.finishReason ?? 'none'}); raise experts.maxOutputTokens if it hit the cap.`;
      return { ...base, status: 'error', reason, errorCode: 'E_UPSTREAM', text: null, usage, costUsd };
    }
    return { ...base, status: 'ok', reason: null, errorCode: null, text: o.response.text, usage, costUsd };
  }
  return {
    ...base,
    status: statusOfError(o.error),
    reason: o.error.message,
    errorCode: o.error.code,
    text: null,
    usage: { inputTokens: null, outputTokens: null },
    costUsd: null,
  };
}

function notesOf(plan: ConsultPlan, responses: readonly ExpertResponse[]): string[] {
  const notes: string[] = [...plan.contextNotes];
  for (const r of responses) {
    for (const c of r.contextCuts) {
      notes.push(
        c.dropped
          ? `Context "${c.name}" was left out for ${r.expertId} (no room in its window).`
          : `Context "${c.name}" was cut to about ${c.keptTokens} of ${c.originalTokens} tokens for ${r.expertId}.`,
      );
    }
    if (r.history.droppedTurns > 0) {
      notes.push(
        `${r.history.droppedTurns} earlier turn(s) ${r.history.summarised ? 'were summarised' : 'were dropped'} for ${r.expertId} to fit its window.`,
      );
    }
    if (r.status === 'skipped') notes.push(`${r.expertId} was skipped: ${r.reason}`);
    else if (r.status !== 'ok')
      notes.push(
        `${r.expertId} ${r.status === 'timeout' ? 'timed out' : r.status === 'cancelled' ? 'was cancelled' : 'failed'}: ${r.reason}`,
      );
    if ((r.usage.inputTokens !== null || r.usage.outputTokens !== null) && r.costUsd === null) {
      notes.push(`The cost of ${r.expertId} is unknown (no price for this model).`);
    }
  }
  if (responses.some((r) => (r.status === 'error' || r.status === 'timeout' || r.status === 'cancelled') && r.usage.inputTokens === null)) {
    notes.push('Failed and cancelled calls are not in the cost total (providers usually do not bill them).');
  }
  if (plan.selection.mode === 'auto')
    notes.unshift(`Experts auto-selected: ${plan.seats.map((s) => `${s.expertId} (${s.stance})`).join(', ')}.`);
  return notes;
}

/** Run one consult. Throws only for pre-flight refusals (validation, budget, no panel); expert failures are results. */
export async function runConsult(env: ConsultEnv, log: Logger, raw: ConsultInput, options: ConsultOptions = {}): Promise<ConsultResult> {
  const input = parseInput(consultInput, raw);
  const userId = options.userId ?? null;
  const startedAt = env.clock.monotonic();
  const ts = new Date(env.clock.now()).toISOString();
  const queryId = env.ids.uuid();
  const conversationId = input.conversationId ?? env.ids.uuid();
  const emit = (event: ConsultProgress) => {
    try {
      options.onProgress?.(event);
    } catch (e) {
      log.warn({ err: e }, 'experts progress listener threw');
    }
  };
  const signal = options.signal ?? new AbortController().signal;
  const plan = await planConsult(env, input, userId, signal);
  emit({
    type: 'plan',
    queryId,
    experts: plan.seats.map((s) => ({ expertId: s.expertId, stance: s.stance })),
    estimateUsd: plan.estimate.totalUsd,
  });

  const deadlineMs = input.deadlineMs ?? env.settings.deadlineMs;
  const deadline = env.resilience.deadline({ timeoutMs: deadlineMs > 0 ? deadlineMs : undefined, signal, label: 'The consult' });
  const callCtx = {
    resilience: env.resilience,
    rateGate: env.rateGate,
    retry: env.settings.retryPreset,
    deadline,
    stream: options.stream ?? env.settings.stream,
    onProgress: emit,
  };
  let outcomes: SeatOutcome[];
  let synthesis: ConsultResult['synthesis'] = null;
  const synthesisNotes: string[] = [];
  try {
    outcomes = await runPanel(plan.seats, { ...callCtx, perExpertTimeoutMs: env.settings.perExpertTimeoutMs });
    const answered = outcomes.filter((o) => o.ok && o.response.text.trim() !== '');
    if (plan.chair && answered.length > 0 && !deadline.signal.aborted) {
      const answers = answered.map((o) => ({ expertId: o.seat.expertId, stance: o.seat.stance, text: o.ok ? o.response.text : '' }));
      const chair = {
        ...plan.chair,
        contextTokens: env.contextTokens(plan.chair.expertId),
        maxOutputTokens: env.settings.chair.maxOutputTokens,
      };
      try {
        synthesis = await synthesize(input.question, answers, chair, env.prices, callCtx);
      } catch (e) {
        synthesisNotes.push(`The synthesis by ${plan.chair.expertId} failed: ${toAppError(e).message}`);
      }
    }
  } finally {
    deadline.dispose();
  }

  const responses = outcomes.map((o) => responseOf(o, env.ids.uuid(), env));
  const configured = env.providers();
  for (const s of plan.selection.skipped) {
    // In auto mode, experts of unconfigured providers are not news; explicitly named ones are.
    const provider = parseExpertId(s.expertId)?.provider;
    if (plan.selection.mode === 'auto' && (!provider || !configured.has(provider))) continue;
    responses.push({
      responseId: env.ids.uuid(),
      expertId: s.expertId,
      stance: 'neutral',
      status: 'skipped',
      reason: s.reason,
      errorCode: null,
      text: null,
      usage: { inputTokens: null, outputTokens: null },
      costUsd: null,
      latencyMs: null,
      weight: plan.weights.get(s.expertId) ?? 0.5,
      contextCuts: [],
      history: EMPTY_HISTORY,
    });
  }

  const ok = responses.filter((r) => r.status === 'ok' && r.text);
  const consensus = buildConsensus(
    ok.map((r) => ({ expertId: r.expertId, text: r.text as string, stance: r.stance, weight: r.weight })),
    { threshold: env.settings.similarityThreshold },
  );
  const minExperts = input.minExperts ?? env.settings.minExperts;
  const status: ConsultResult['status'] =
    ok.length === 0 ? 'failed' : ok.length < minExperts ? 'insufficient' : ok.length < responses.length ? 'partial' : 'complete';
  // Calls that reported usage were billed, answered or not; calls without usage (failures) are left out.
  const billed = responses.filter((r) => r.usage.inputTokens !== null || r.usage.outputTokens !== null);
  const costs = billed.map((r) => r.costUsd);
  if (synthesis) costs.push(synthesis.costUsd);
  const total = sumCosts(costs);
  const result: ConsultResult = {
    queryId,
    conversationId,
    ts,
    type: input.type,
    question: input.question,
    status,
    consensus,
    synthesis,
    responses,
    cost: {
      estimateUsd: plan.estimate.totalUsd,
      totalUsd: total.totalUsd,
      knownUsd: total.knownUsd,
      unknownExperts: billed.filter((r) => r.costUsd === null).map((r) => r.expertId),
      budgetUsd: plan.budgetUsd,
    },
    durationMs: Math.round(env.clock.monotonic() - startedAt),
    notes: [...notesOf(plan, responses), ...synthesisNotes],
  };

  try {
    await env.repo.saveQuery({ result, userId, context: plan.context.map((c) => ({ name: c.name, kind: c.kind })) });
    await env.repo.applyWeights(agreementDeltas(input.type, ok, consensus.majority), ts);
  } catch (e) {
    log.error({ err: e, queryId }, 'saving the consult to history failed');
    result.notes.push(`This consult could not be saved to history (${isAppError(e) ? e.message : 'database error'}).`);
  }
  emit({ type: 'done', queryId, status });
  return result;
}
