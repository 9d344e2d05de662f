/**
 * One expert's request: system prompt for type and stance, earlier turns, attached context and the question,
 * fitted into that provider's context window (minus the output cap and a safety margin). Context is served
 * before history: the current question's material matters more than old turns.
 */
import { AppError } from '../../core/errors.js';
import type { LLMRequest, QueryType, Stance } from '../types.js';
import { type ContextItem, type FittedContext, fitContext } from './context.js';
import { type FittedHistory, fitHistory, type Turn } from './history.js';
import { systemPrompt } from './system-prompt.js';
import { estimateTokens } from './tokens.js';

/** Everything that shapes one expert's request. */
export interface ExpertPromptInput {
  question: string;
  type: QueryType;
  stance: Stance;
  context: readonly ContextItem[];
  history: readonly Turn[];
  model: string;
  charsPerToken: number;
  /** The model's context window in tokens. */
  contextTokens: number;
  maxOutputTokens: number;
  temperature?: number | undefined;
}

/** A request ready to send, with its estimated size and what was cut to fit. */
export interface BuiltRequest {
  request: LLMRequest;
  /** Estimated input tokens (system + history + context + question). */
  inputTokens: number;
  context: FittedContext;
  history: FittedHistory;
}

/** Share of the window kept free for estimation error and per-message framing. */
const SAFETY = 0.05;

/** Build one expert's request; E_VALIDATION when even the bare question does not fit the window. */
export function buildExpertRequest(input: ExpertPromptInput): BuiltRequest {
  const cpt = input.charsPerToken;
  const system = systemPrompt(input.type, input.stance);
  const fixed = estimateTokens(system, cpt) + estimateTokens(input.question, cpt) + 16;
  const available = Math.floor(input.contextTokens * (1 - SAFETY)) - input.maxOutputTokens - fixed;
  if (available < 0) {
    throw new AppError(
      'E_VALIDATION',
      `The question (about ${fixed} tokens) plus ${input.maxOutputTokens} output tokens does not fit ${input.model}'s ${input.contextTokens}-token window.`,
      { details: { model: input.model, contextTokens: input.contextTokens } },
    );
  }
  const context = fitContext(input.context, available, cpt);
  const history = fitHistory(input.history, available - context.tokens, cpt);
  const userText = context.text ? `${context.text}\n\n${input.question}` : input.question;
  const request: LLMRequest = {
    model: input.model,
    system,
    messages: [...history.messages, { role: 'user', content: userText }],
    maxOutputTokens: input.maxOutputTokens,
    ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
  };
  return { request, inputTokens: fixed + context.tokens + history.tokens, context, history };
}
