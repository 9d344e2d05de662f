/**
 * Costs in USD from the price table: per call (from reported usage), pre-flight estimates (from estimated
 * input tokens and the output cap), and totals. Unknown stays unknown: a missing price or missing usage is
 * null, never $0, and a total with any unknown part is null too (with the known part alongside).
 */
import { lookupPattern, PRICE_TABLE, type PriceEntry } from './model-catalogue.js';
import type { LLMUsage } from './types.js';

/** A price from config (`experts.prices`); date and source are optional there. */
export interface PriceOverride {
  inputPerMTok: number;
  outputPerMTok: number;
  asOf?: string | undefined;
  source?: string | undefined;
}

/** Looks up prices: config overrides first, then the built-in table. */
export interface PriceBook {
  priceOf(expertId: string): PriceEntry | undefined;
}

/** A price book over the built-in table plus `overrides` keyed `provider:model` (or `provider:*`). */
export function createPriceBook(overrides: Readonly<Record<string, PriceOverride>> = {}): PriceBook {
  const fromConfig: Record<string, PriceEntry> = {};
  for (const [key, o] of Object.entries(overrides)) {
    fromConfig[key] = {
      inputPerMTok: o.inputPerMTok,
      outputPerMTok: o.outputPerMTok,
      asOf: o.asOf ?? 'config',
      source: o.source ?? 'experts.prices',
    };
  }
  return {
    priceOf: (expertId) => lookupPattern(fromConfig, expertId) ?? lookupPattern(PRICE_TABLE, expertId),
  };
}

/** Round to micro-dollars so sums stay readable and stable. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/** The cost of one call: the vendor-reported cost when given, else tokens × price; null when either is unknown. */
export function costOfCall(price: PriceEntry | undefined, usage: LLMUsage): number | null {
  if (usage.reportedCostUsd !== undefined) return roundUsd(usage.reportedCostUsd);
  if (!price || usage.inputTokens === null || usage.outputTokens === null) return null;
  return roundUsd((usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1e6);
}

/** Worst-case pre-flight cost: estimated input plus the full output cap; null when the price is unknown. */
export function estimateCallCost(price: PriceEntry | undefined, inputTokens: number, maxOutputTokens: number): number | null {
  if (!price) return null;
  return roundUsd((inputTokens * price.inputPerMTok + maxOutputTokens * price.outputPerMTok) / 1e6);
}

/** A sum of costs, some of which may be unknown. */
export interface CostTotal {
  /** The total, or null when any part is unknown. */
  totalUsd: number | null;
  /** The sum of the known parts. */
  knownUsd: number;
  /** How many parts are unknown. */
  unknownParts: number;
}

/** Add costs; any null makes the total null (the known part is still reported). */
export function sumCosts(costs: ReadonlyArray<number | null>): CostTotal {
  let known = 0;
  let unknown = 0;
  for (const c of costs) {
    if (c === null) unknown++;
    else known += c;
  }
  return { totalUsd: unknown > 0 ? null : roundUsd(known), knownUsd: roundUsd(known), unknownParts: unknown };
}
