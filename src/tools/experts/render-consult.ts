/**
 * The short text of a consult for MCP clients and terminals: consensus with its confidence, dissent, the
 * synthesis, failures, cost and notes in a few lines. The structured result stays complete.
 */
import type { ConsultResult } from '../../experts/schemas.js';

const ANSWER_CHARS = 800;
const LINE_CHARS = 200;

const clip = (text: string, max: number) => {
  const flat = text.trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};
const usd = (v: number | null) => (v === null ? 'unknown' : `$${v.toFixed(4)}`);

/** Render a consult result. */
export function renderConsult(r: ConsultResult): string {
  const c = r.consensus;
  const answered = r.responses.filter((x) => x.status === 'ok').length;
  const lines: string[] = [];
  if (c.answer === null) {
    lines.push(`No consensus (${r.status}): none of ${r.responses.length} expert(s) answered.`);
  } else {
    lines.push(
      `Consensus, ${c.confidenceLabel} confidence (${c.confidence.toFixed(2)}), ${c.majority.length} of ${answered} answering expert(s): ${c.majority.join(', ')}`,
    );
    lines.push(clip(c.answer, ANSWER_CHARS));
  }
  for (const d of c.dissent) lines.push(`Dissent from ${d.experts.join(', ')} (${d.stances.join('/')}): ${clip(d.summary, LINE_CHARS)}`);
  if (r.synthesis) lines.push(`Synthesis by ${r.synthesis.expertId}: ${clip(r.synthesis.text, ANSWER_CHARS)}`);
  for (const x of r.responses.filter((x) => x.status !== 'ok'))
    lines.push(`${x.expertId}: ${x.status}${x.reason ? ` (${clip(x.reason, LINE_CHARS)})` : ''}`);
  const unknown = r.cost.unknownExperts.length ? `; unknown for ${r.cost.unknownExperts.join(', ')}` : '';
  lines.push(
    `Cost ${usd(r.cost.totalUsd)} (known ${usd(r.cost.knownUsd)}${unknown}; worst case ${usd(r.cost.estimateUsd)}) · ${r.status} · ${(r.durationMs / 1000).toFixed(1)} s · query ${r.queryId}, conversation ${r.conversationId}`,
  );
  if (r.notes.length > 0) lines.push(`Notes: ${r.notes.map((n) => clip(n, LINE_CHARS)).join(' ')}`);
  return lines.join('\n');
}
