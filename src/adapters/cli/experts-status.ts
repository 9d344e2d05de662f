/**
 * The live per-expert status view of `code-engine ask` on a terminal (stderr): one line per expert, redrawn in
 * place as progress events arrive (asking, retrying, characters received, done with latency or the reason).
 */
import type { ConsultProgress } from '../../experts/schemas.js';

/** Where the view draws (a TTY stream). */
export interface StatusSink {
  write(text: string): void;
}

/** Feeds progress events to the view; `finish` leaves the last frame on screen. */
export interface LiveStatus {
  onProgress(event: ConsultProgress): void;
  finish(): void;
}

interface Row {
  expertId: string;
  stance: string;
  state: string;
  chars: number;
  detail: string;
}

const ICON: Record<string, string> = { ok: '✓', timeout: '⧗', error: '✗', skipped: '–', cancelled: '✗' };
/** Redraw on received text only every this many characters: terminals are slower than token streams. */
const DELTA_STEP = 200;

function line(r: Row, width: number): string {
  const icon = ICON[r.state] ?? '…';
  const stance = r.stance === 'neutral' ? '' : ` [${r.stance}]`;
  const progress = r.state === 'streaming' ? `${r.chars} chars` : r.state;
  return `${icon} ${`${r.expertId}${stance}`.padEnd(width)}  ${progress}${r.detail ? `  ${r.detail}` : ''}`.slice(0, 160);
}

/** A status view drawing to `sink` with ANSI cursor movement. */
export function createLiveStatus(sink: StatusSink): LiveStatus {
  const rows: Row[] = [];
  let drawn = 0;
  let note = '';
  const draw = () => {
    const width = Math.max(10, ...rows.map((r) => r.expertId.length + (r.stance === 'neutral' ? 0 : r.stance.length + 3)));
    const lines = [...rows.map((r) => line(r, width)), ...(note ? [note] : [])];
    // A shorter frame blanks the lines left over from the previous one.
    while (lines.length < drawn) lines.push('');
    // Move up over the previous frame, then rewrite each line cleared.
    let out = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const l of lines) out += `\x1b[2K${l}\n`;
    sink.write(out);
    drawn = lines.length;
  };
  const row = (expertId: string) => rows.find((r) => r.expertId === expertId);
  return {
    onProgress(e) {
      if (e.type === 'plan') {
        for (const x of e.experts) rows.push({ expertId: x.expertId, stance: x.stance, state: 'waiting', chars: 0, detail: '' });
        note = e.estimateUsd === null ? 'estimate: unknown cost' : `estimate: ≤ $${e.estimateUsd.toFixed(4)}`;
      } else if (e.type === 'expert_started') {
        const r = row(e.expertId);
        if (!r) return;
        r.state = e.attempt > 1 ? 'retrying' : 'asking';
        r.detail = e.attempt > 1 ? `attempt ${e.attempt}` : '';
        r.chars = 0;
      } else if (e.type === 'expert_delta') {
        const r = row(e.expertId);
        if (!r) return;
        const redraw = r.state !== 'streaming' || Math.floor(e.chars / DELTA_STEP) !== Math.floor(r.chars / DELTA_STEP);
        r.state = 'streaming';
        r.chars = e.chars;
        if (!redraw) return;
      } else if (e.type === 'expert_done') {
        const r = row(e.expertId);
        if (!r) return;
        r.state = e.status;
        r.detail = e.status === 'ok' ? `${((e.latencyMs ?? 0) / 1000).toFixed(1)} s` : (e.reason ?? '');
      } else if (e.type === 'synthesis_started') {
        note = `synthesis by ${e.expertId}…`;
      } else if (e.type === 'done') {
        note = '';
      }
      draw();
    },
    finish() {
      if (drawn > 0) sink.write('\n');
    },
  };
}
