/**
 * Attached context (snippets, files, crawler snapshots) fitted into one provider's token budget. Every item
 * gets a fair share (small items whole, large ones cut evenly) and every cut is reported, never silent.
 */
import { estimateTokens, truncateToTokens } from './tokens.js';

/** One piece of context attached to a question. */
export interface ContextItem {
  /** Shown to the model and in reports: a file path, snippet title or `snapshot:<id>`. */
  name: string;
  kind: 'snippet' | 'file' | 'snapshot';
  text: string;
}

/** What happened to one item for one provider. */
export interface ContextCut {
  name: string;
  originalTokens: number;
  keptTokens: number;
  /** The whole item was left out (no room at all). */
  dropped: boolean;
}

/** Context rendered for one provider. */
export interface FittedContext {
  /** Tagged blocks to put before the question; empty when there is no context. */
  text: string;
  tokens: number;
  /** Only the items that were cut or dropped. */
  cuts: ContextCut[];
}

function render(item: ContextItem, body: string): string {
  return `<context name="${item.name.replace(/"/g, "'")}" kind="${item.kind}">\n${body}\n</context>`;
}

/**
 * Fit `items` into `budgetTokens` for a provider averaging `charsPerToken`: water-filling, so items smaller
 * than an even share stay whole and the rest split what is left.
 */
export function fitContext(items: readonly ContextItem[], budgetTokens: number, charsPerToken: number): FittedContext {
  if (items.length === 0) return { text: '', tokens: 0, cuts: [] };
  // Tag overhead per item, so the rendered blocks (not only the bodies) stay within budget.
  const overhead = items.map((item) => estimateTokens(render(item, ''), charsPerToken));
  const need = items.map((item, i) => estimateTokens(item.text, charsPerToken) + (overhead[i] ?? 0));
  const order = need.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n);
  const share = new Array<number>(items.length).fill(0);
  let left = Math.max(0, budgetTokens);
  order.forEach(({ n, i }, k) => {
    const even = Math.floor(left / (order.length - k));
    share[i] = Math.min(n, even);
    left -= share[i] ?? 0;
  });
  const blocks: string[] = [];
  const cuts: ContextCut[] = [];
  let tokens = 0;
  items.forEach((item, i) => {
    const bodyBudget = (share[i] ?? 0) - (overhead[i] ?? 0);
    const original = estimateTokens(item.text, charsPerToken);
    if (bodyBudget <= 0) {
      cuts.push({ name: item.name, originalTokens: original, keptTokens: 0, dropped: true });
      return;
    }
    const t = truncateToTokens(item.text, bodyBudget, charsPerToken);
    if (t.truncated) cuts.push({ name: item.name, originalTokens: original, keptTokens: t.keptTokens, dropped: t.keptTokens === 0 });
    if (t.text === '') return;
    const block = render(item, t.text);
    blocks.push(block);
    tokens += estimateTokens(block, charsPerToken);
  });
  return { text: blocks.join('\n\n'), tokens, cuts };
}
