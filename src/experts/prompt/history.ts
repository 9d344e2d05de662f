/**
 * Earlier turns of a conversation fitted into one provider's token budget: newest turns are kept whole,
 * older ones are dropped and replaced by a short extractive summary when it fits. The result says which.
 */
import type { ChatMessage } from '../types.js';
import { estimateTokens } from './tokens.js';

/** One earlier exchange: the question and the answer this expert (or the consensus) gave. */
export interface Turn {
  question: string;
  answer: string;
}

/** Earlier turns as chat messages for one provider, and what was left out. */
export interface FittedHistory {
  messages: ChatMessage[];
  tokens: number;
  includedTurns: number;
  droppedTurns: number;
  /** Dropped turns were replaced by a summary message (false when they were dropped without one). */
  summarised: boolean;
}

const firstSentence = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  const s = end >= 0 ? flat.slice(0, end + 1) : flat;
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** One line per dropped turn: the question's start and the answer's first sentence. */
export function summariseTurns(turns: readonly Turn[]): string {
  const lines = turns.map((t, i) => `${i + 1}. Q: ${firstSentence(t.question, 160)} A: ${firstSentence(t.answer, 200)}`);
  return `Earlier in this conversation (older turns summarised):\n${lines.join('\n')}`;
}

/**
 * Keep the newest turns that fit `budgetTokens`; summarise the older ones when the summary still fits,
 * else drop them. Messages alternate user/assistant as every vendor requires.
 */
export function fitHistory(turns: readonly Turn[], budgetTokens: number, charsPerToken: number): FittedHistory {
  const cost = (t: Turn) => estimateTokens(t.question, charsPerToken) + estimateTokens(t.answer, charsPerToken) + 8;
  let used = 0;
  let firstKept = turns.length;
  for (let i = turns.length - 1; i >= 0; i--) {
    const c = cost(turns[i] as Turn);
    if (used + c > budgetTokens) break;
    used += c;
    firstKept = i;
  }
  const kept = turns.slice(firstKept);
  const dropped = turns.slice(0, firstKept);
  const messages: ChatMessage[] = [];
  let summarised = false;
  if (dropped.length > 0) {
    const summary = summariseTurns(dropped);
    const summaryTokens = estimateTokens(summary, charsPerToken) + 8;
    if (used + summaryTokens <= budgetTokens) {
      messages.push({ role: 'user', content: summary }, { role: 'assistant', content: 'Understood.' });
      used += summaryTokens;
      summarised = true;
    }
  }
  for (const t of kept) messages.push({ role: 'user', content: t.question }, { role: 'assistant', content: t.answer });
  return { messages, tokens: used, includedTurns: kept.length, droppedTurns: dropped.length, summarised };
}
