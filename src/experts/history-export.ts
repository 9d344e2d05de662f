/**
 * Export of stored consults as JSON (an array), NDJSON (one consult per line, for log pipelines) or
 * Markdown (for people: question, consensus, dissent, every answer, costs).
 */
import type { ConsultResult } from './schemas.js';

const usd = (v: number | null) => (v === null ? 'unknown' : `$${v.toFixed(4)}`);

function markdownOf(q: ConsultResult): string {
  const lines = [
    `## ${q.question.split('\n')[0]?.slice(0, 120)}`,
    '',
    `- id: \`${q.queryId}\` (conversation \`${q.conversationId}\`), ${q.ts}, type ${q.type}, status ${q.status}`,
    `- confidence: ${q.consensus.confidence} (${q.consensus.confidenceLabel}); cost: ${usd(q.cost.totalUsd)} (estimate ${usd(q.cost.estimateUsd)})`,
    '',
    '### Consensus',
    '',
    q.consensus.answer ?? '_No expert answered._',
  ];
  if (q.synthesis) lines.push('', `### Synthesis by ${q.synthesis.expertId}`, '', q.synthesis.text);
  for (const d of q.consensus.dissent) lines.push('', `### Dissent: ${d.experts.join(', ')}`, '', d.summary);
  lines.push('', '### Answers');
  for (const r of q.responses) {
    lines.push('', `#### ${r.expertId} (${r.stance}) — ${r.status}${r.reason ? `: ${r.reason}` : ''}, ${usd(r.costUsd)}`);
    if (r.text) lines.push('', r.text);
  }
  return lines.join('\n');
}

/** Render consults in `format`. */
export function exportQueries(
  results: readonly ConsultResult[],
  format: 'json' | 'ndjson' | 'markdown',
): { format: string; contentType: string; content: string } {
  if (format === 'ndjson') {
    return {
      format,
      contentType: 'application/x-ndjson',
      content: results.map((r) => JSON.stringify(r)).join('\n') + (results.length ? '\n' : ''),
    };
  }
  if (format === 'markdown') {
    return {
      format,
      contentType: 'text/markdown; charset=utf-8',
      content: `# Experts history\n\n${results.map(markdownOf).join('\n\n---\n\n')}\n`,
    };
  }
  return { format, contentType: 'application/json', content: JSON.stringify(results, null, 2) };
}
