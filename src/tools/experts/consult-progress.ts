/**
 * Consult progress as gateway progress updates: one number that only grows (MCP requires it) over
 * `experts + 1` steps — each expert counts 1 when done and a growing fraction while asked and answering, the
 * last step is the consensus (half at synthesis) — with a message per event and the structured event attached
 * for faces that want it (the SSE route). Streaming deltas are thinned to one per DELTA_STEP_CHARS per expert.
 */
import { type ConsultProgress, consultProgress } from '../../experts/schemas.js';
import type { ProgressUpdate } from '../../gateway/operation.js';

/** A progress update of `experts_consult`, carrying the service's event. */
export interface ConsultProgressUpdate extends ProgressUpdate {
  event: ConsultProgress;
}

/** Characters an expert must stream beyond its last reported delta before the next one is reported. */
export const DELTA_STEP_CHARS = 1000;
/** Characters at which a streaming expert counts half of its step (the fraction grows with chars/(chars+k)). */
const HALF_AT_CHARS = 4000;

/** The consult event inside an update of `experts_consult`, or undefined for any other update. */
export function consultEventOf(update: ProgressUpdate): ConsultProgress | undefined {
  const parsed = consultProgress.safeParse((update as Partial<ConsultProgressUpdate>).event);
  return parsed.success ? parsed.data : undefined;
}

const seconds = (ms: number | null) => (ms === null ? '' : ` in ${(ms / 1000).toFixed(1)} s`);

function messageOf(e: ConsultProgress): string {
  switch (e.type) {
    case 'plan':
      return `Asking ${e.experts.length} expert(s): ${e.experts.map((x) => (x.stance === 'neutral' ? x.expertId : `${x.expertId} (${x.stance})`)).join(', ')}${e.estimateUsd === null ? '' : `; worst case $${e.estimateUsd}`}`;
    case 'expert_started':
      return e.attempt > 1 ? `${e.expertId}: retrying (attempt ${e.attempt})` : `${e.expertId}: asking`;
    case 'expert_delta':
      return `${e.expertId}: ${e.chars} characters received`;
    case 'expert_done':
      return e.status === 'ok'
        ? `${e.expertId}: answered${seconds(e.latencyMs)}`
        : `${e.expertId}: ${e.status}${e.reason ? ` (${e.reason})` : ''}`;
    case 'synthesis_started':
      return `${e.expertId} is writing the synthesis`;
    case 'done':
      return `Done: ${e.status}`;
  }
}

/**
 * A consult `onProgress` that reports through `report` (the operation context's `progress`). Events that would
 * not move the number forward (a retry after streaming began, thinned deltas) are not reported.
 * @example experts.consult(input, { onProgress: consultProgressReporter(ctx.progress) })
 */
export function consultProgressReporter(report: (update: ProgressUpdate) => void): (event: ConsultProgress) => void {
  const share = new Map<string, number>();
  const reportedChars = new Map<string, number>();
  let experts = 0;
  let final = 0;
  let last = -1;
  const raise = (expertId: string, value: number) => share.set(expertId, Math.max(share.get(expertId) ?? 0, value));
  return function onConsultProgress(event) {
    switch (event.type) {
      case 'plan':
        experts = event.experts.length;
        break;
      case 'expert_started':
        raise(event.expertId, Math.min(0.1, 0.02 * event.attempt));
        break;
      case 'expert_delta': {
        if (event.chars < (reportedChars.get(event.expertId) ?? 0) + (reportedChars.has(event.expertId) ? DELTA_STEP_CHARS : 0)) return;
        reportedChars.set(event.expertId, event.chars);
        raise(event.expertId, 0.1 + (0.8 * event.chars) / (event.chars + HALF_AT_CHARS));
        break;
      }
      case 'expert_done':
        raise(event.expertId, 1);
        break;
      case 'synthesis_started':
        final = 0.5;
        break;
      case 'done':
        final = 1;
        break;
    }
    let sum = final;
    for (const v of share.values()) sum += v;
    const progress = Math.round(sum * 1000) / 1000;
    if (progress <= last) return;
    last = progress;
    const update: ConsultProgressUpdate = { progress, total: experts + 1, message: messageOf(event), event };
    report(update);
  };
}
