/**
 * Plain-text renderings of experts results for the terminal: a consult (consensus, dissent, recommendations,
 * contradictions, confidence and cost), the expert list with weights, and provider health.
 */
import type { ConsultResult, ExpertsHealth, ExpertsList, HistoryResult } from '../../experts/schemas.js';
import { renderTable } from './output.js';

const usd = (v: number | null) => (v === null ? 'unknown' : `$${v.toFixed(4)}`);

/** A consult as people read it. */
export function renderConsult(r: ConsultResult): string {
  const c = r.consensus;
  const out: string[] = [];
  const ok = r.responses.filter((x) => x.status === 'ok').length;
  out.push(
    `Consensus (${c.confidenceLabel} confidence ${c.confidence.toFixed(2)}; ${c.majority.length} of ${ok} answering experts: ${c.majority.join(', ') || 'none'})`,
  );
  out.push('');
  out.push(c.answer ?? 'No expert answered.');
  if (r.synthesis) out.push('', `Synthesis by ${r.synthesis.expertId}:`, '', r.synthesis.text);
  for (const d of c.dissent) {
    out.push(
      '',
      `Dissent from ${d.experts.map((e, i) => (d.stances[i] === 'neutral' ? e : `${e} [${d.stances[i]}]`)).join(', ')} (similarity ${d.similarityToConsensus.toFixed(2)}):`,
    );
    out.push(`  ${d.summary}`);
  }
  const shared = c.recommendations.filter((x) => x.votes > 1);
  if (shared.length > 0) {
    out.push('', 'Recommendations with more than one vote:');
    for (const x of shared.slice(0, 8)) out.push(`  ${x.votes}× ${x.text}`);
  }
  if (c.contradictions.length > 0) {
    out.push('', 'Contradictions:');
    for (const x of c.contradictions.slice(0, 5))
      out.push(`  ${x.kind}: ${x.experts[0]} "${x.statements[0]}" vs ${x.experts[1]} "${x.statements[1]}"`);
  }
  const failed = r.responses.filter((x) => x.status !== 'ok');
  if (failed.length > 0) {
    out.push('', 'Not answered:');
    for (const x of failed) out.push(`  ${x.expertId}: ${x.status}${x.reason ? ` — ${x.reason}` : ''}`);
  }
  const unknown = r.cost.unknownExperts.length
    ? ` (unknown for ${r.cost.unknownExperts.join(', ')}; known part ${usd(r.cost.knownUsd)})`
    : '';
  out.push(
    '',
    `Cost: ${usd(r.cost.totalUsd)}${unknown}; estimate ${usd(r.cost.estimateUsd)}${r.cost.budgetUsd === null ? '' : `, budget $${r.cost.budgetUsd}`}. Took ${(r.durationMs / 1000).toFixed(1)} s.`,
  );
  for (const n of r.notes) out.push(`Note: ${n}`);
  out.push(
    `Query ${r.queryId}; follow up with --conversation ${r.conversationId}; rate with \`code-engine experts feedback ${r.queryId} up|down\`.`,
  );
  return out.join('\n');
}

/** The expert table: availability, breaker, price, window and weights. */
export function renderExpertList(list: ExpertsList): string {
  const types = [...new Set(list.experts.flatMap((e) => Object.keys(e.weights)))];
  return renderTable(
    ['EXPERT', 'AVAILABLE', 'BREAKER', 'PRICE IN/OUT $/MTok', 'CONTEXT', ...types.map((t) => t.toUpperCase())],
    list.experts.map((e) => [
      `${e.expertId}${e.isDefault ? ' *' : ''}`,
      e.available ? 'yes' : 'no',
      e.breaker,
      e.price ? `${e.price.inputPerMTok}/${e.price.outputPerMTok}` : 'unknown',
      e.contextTokens,
      ...types.map((t) => {
        const w = e.weights[t];
        return w ? `${w.weight.toFixed(2)} (${w.evidence})` : '';
      }),
    ]),
  );
}

/** Provider health. */
export function renderHealth(h: ExpertsHealth): string {
  return renderTable(
    ['PROVIDER', 'CONFIGURED', 'BREAKER', 'PROBE', 'LATENCY', 'DETAIL'],
    h.providers.map((p) => [
      p.provider,
      p.configured ? 'yes' : 'no',
      p.breaker,
      p.probe ? (p.probe.ok ? 'ok' : 'FAIL') : '-',
      p.probe ? `${p.probe.latencyMs} ms` : '',
      [p.probe?.detail ?? '', p.missingModels.length ? `missing: ${p.missingModels.join(', ')}` : ''].filter(Boolean).join('; '),
    ]),
  );
}

/** A page of history. */
export function renderHistory(h: HistoryResult): string {
  const table = renderTable(
    ['WHEN', 'QUERY', 'TYPE', 'STATUS', 'CONFIDENCE', 'COST', 'QUESTION'],
    h.items.map((i) => [
      i.ts.slice(0, 19),
      i.queryId,
      i.type,
      i.status,
      i.confidence?.toFixed(2) ?? '',
      usd(i.costUsd),
      i.question.slice(0, 60),
    ]),
  );
  return `${table}\n${h.items.length} of ${h.total} consult(s).`;
}
