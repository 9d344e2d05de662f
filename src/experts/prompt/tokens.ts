/**
 * Token estimates without a vendor tokenizer: characters ÷ the provider's average characters per token,
 * rounded up. Good to a few percent for English prose and code; budgets keep a margin for the rest.
 */

/** Estimated tokens of `text` for a provider averaging `charsPerToken`. */
export function estimateTokens(text: string, charsPerToken: number): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / charsPerToken);
}

/** The outcome of cutting a text to a token budget. */
export interface Truncated {
  text: string;
  truncated: boolean;
  originalTokens: number;
  keptTokens: number;
}

/**
 * Keep the head of `text` within `maxTokens`, cutting at a line break near the limit when there is one, and
 * mark the cut in the text itself so the model knows the rest is missing.
 */
export function truncateToTokens(text: string, maxTokens: number, charsPerToken: number): Truncated {
  const originalTokens = estimateTokens(text, charsPerToken);
  if (originalTokens <= maxTokens) return { text, truncated: false, originalTokens, keptTokens: originalTokens };
  const marker = `\n[… truncated: about ${originalTokens} tokens, the rest is omitted]`;
  const room = Math.max(0, Math.floor((maxTokens - estimateTokens(marker, charsPerToken)) * charsPerToken));
  if (room === 0) return { text: '', truncated: true, originalTokens, keptTokens: 0 };
  let cut = room;
  const newline = text.lastIndexOf('\n', room);
  if (newline > room * 0.8) cut = newline;
  const kept = text.slice(0, cut) + marker;
  return { text: kept, truncated: true, originalTokens, keptTokens: estimateTokens(kept, charsPerToken) };
}
