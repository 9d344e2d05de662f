/**
 * Who sits on the panel: the experts a query names, else the configured defaults, else an automatic pick by
 * weight for the query type, health (open breakers are out) and cost (cheaper first on ties, within the
 * budget), spread across providers. Then stances: explicit ones, or one devil's advocate for 3+ experts.
 */
import type { ProviderId, Stance } from '../types.js';

/** An expert that could be asked, with what selection needs to know. */
export interface Candidate {
  expertId: string;
  provider: ProviderId;
  /** Why it cannot be asked (provider not configured, breaker open, question too long); undefined = usable. */
  unavailable?: string | undefined;
  /** Weight for the query type (0–1). */
  weight: number;
  /** Worst-case cost of asking it; null = unknown price. */
  estimateUsd: number | null;
}

/** What selection decides from. */
export interface SelectionInput {
  candidates: readonly Candidate[];
  /** The query's explicit experts. */
  requested?: readonly string[] | undefined;
  /** config experts.defaultExperts. */
  defaults: readonly string[];
  max: number;
  /** Spend allowed for this query (query budget and what is left of the daily one). */
  budgetUsd?: number | undefined;
  stances?: Readonly<Record<string, Stance>> | undefined;
  devilsAdvocate: boolean;
}

/** The panel and everyone left out, with the reason. */
export interface Selection {
  mode: 'explicit' | 'defaults' | 'auto';
  chosen: Array<{ expertId: string; stance: Stance }>;
  skipped: Array<{ expertId: string; reason: string }>;
}

/** Cost penalty in the auto score: at most this much weight for the most expensive (or unknown) candidate. */
const COST_PENALTY = 0.15;

function pickAuto(usable: Candidate[], max: number, budgetUsd: number | undefined, skipped: Selection['skipped']): Candidate[] {
  const known = usable.map((c) => c.estimateUsd ?? 0);
  const maxCost = Math.max(...known, 1e-9);
  const score = (c: Candidate) => c.weight - COST_PENALTY * (c.estimateUsd === null ? 1 : c.estimateUsd / maxCost);
  const ranked = usable.slice().sort((a, b) => score(b) - score(a) || a.expertId.localeCompare(b.expertId));
  const picked: Candidate[] = [];
  let spent = 0;
  const fits = (c: Candidate) => budgetUsd === undefined || (c.estimateUsd !== null && spent + c.estimateUsd <= budgetUsd);
  // First one expert per provider (diversity of vendors beats two models of one), then fill up.
  for (const pass of [true, false]) {
    for (const c of ranked) {
      if (picked.length >= max || picked.includes(c)) continue;
      if (pass && picked.some((p) => p.provider === c.provider)) continue;
      if (!fits(c)) continue;
      picked.push(c);
      spent += c.estimateUsd ?? 0;
    }
  }
  for (const c of ranked) {
    if (picked.includes(c) || budgetUsd === undefined || fits(c)) continue;
    skipped.push({ expertId: c.expertId, reason: c.estimateUsd === null ? 'cost unknown, and the query has a budget' : 'over the budget' });
  }
  return picked;
}

/** Seat the panel. Pure: the consult checks budgets and minimum sizes on the result. */
export function selectExperts(input: SelectionInput): Selection {
  const byId = new Map(input.candidates.map((c) => [c.expertId, c]));
  const skipped: Selection['skipped'] = [];
  const named = input.requested?.length ? input.requested : input.defaults.length ? input.defaults : undefined;
  const mode: Selection['mode'] = input.requested?.length ? 'explicit' : named ? 'defaults' : 'auto';
  let seated: Candidate[];
  if (named) {
    seated = [];
    for (const id of new Set(named)) {
      const c = byId.get(id);
      if (!c) skipped.push({ expertId: id, reason: 'unknown expert' });
      else if (c.unavailable) skipped.push({ expertId: id, reason: c.unavailable });
      else seated.push(c);
    }
  } else {
    for (const c of input.candidates) if (c.unavailable) skipped.push({ expertId: c.expertId, reason: c.unavailable });
    seated = pickAuto(
      input.candidates.filter((c) => !c.unavailable),
      input.max,
      input.budgetUsd,
      skipped,
    );
  }
  const chosen = seated.map((c) => ({ expertId: c.expertId, stance: input.stances?.[c.expertId] ?? ('neutral' as Stance) }));
  const anyStance = chosen.some((c) => c.stance !== 'neutral');
  if (input.devilsAdvocate && !anyStance && chosen.length >= 3) {
    // The lowest-weighted (on ties: lowest-ranked) expert argues against, so the strongest voices answer freely.
    const weakest = seated.reduce((low, c) => (c.weight <= low.weight ? c : low), seated[0] as Candidate);
    const seat = chosen.find((c) => c.expertId === weakest.expertId);
    if (seat) seat.stance = 'against';
  }
  return { mode, chosen, skipped };
}
