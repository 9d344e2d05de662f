/**
 * The fan-out: every seated expert in parallel, each with its own timeout inside the consult's global
 * deadline. Never throws for an expert's failure: partial results come back with the reason of each failure,
 * and calls still running at the deadline are aborted.
 */
import type { AppError } from '../../core/errors.js';
import type { Deadline, Resilience } from '../../resilience/index.js';
import type { BuiltRequest } from '../prompt/build-request.js';
import type { ConsultProgress, ExpertResponse } from '../schemas.js';
import type { LLMProvider, LLMResponse, Stance } from '../types.js';
import { callExpert } from './call-expert.js';
import type { RateGate } from './rate-gate.js';

/** One expert taking part in a consult. */
export interface Seat {
  expertId: string;
  stance: Stance;
  weight: number;
  provider: LLMProvider;
  built: BuiltRequest;
}

/** How one seat ended. */
export type SeatOutcome =
  | { seat: Seat; ok: true; response: LLMResponse; latencyMs: number }
  | { seat: Seat; ok: false; error: AppError; latencyMs: number; started: boolean };

/** Options of `runPanel`. */
export interface PanelOptions {
  resilience: Resilience;
  rateGate: RateGate;
  retry: string;
  stream: boolean;
  /** Per-expert limit in ms (retries included); 0 = only the global deadline. */
  perExpertTimeoutMs: number;
  /** The consult's deadline (with the caller's cancellation linked in). */
  deadline: Deadline;
  onProgress?: ((event: ConsultProgress) => void) | undefined;
}

/** The response status an error stands for: timeouts and cancellations are told apart from failures. */
export function statusOfError(error: AppError): ExpertResponse['status'] {
  if (error.code === 'E_TIMEOUT') return 'timeout';
  if (error.code === 'E_CANCELLED') return 'cancelled';
  if (error.code === 'E_CIRCUIT_OPEN') return 'skipped';
  return 'error';
}

/** Ask every seat; one outcome per seat, in seat order. */
export async function runPanel(seats: readonly Seat[], options: PanelOptions): Promise<SeatOutcome[]> {
  const { resilience, onProgress } = options;
  const results = await resilience.parallel(
    seats,
    (seat, task) =>
      callExpert(seat.expertId, seat.provider, seat.built.request, {
        resilience,
        rateGate: options.rateGate,
        retry: options.retry,
        deadline: task.deadline,
        stream: options.stream,
        onProgress,
      }),
    {
      concurrency: Math.max(1, seats.length),
      taskTimeoutMs: options.perExpertTimeoutMs > 0 ? options.perExpertTimeoutMs : undefined,
      deadline: options.deadline,
      onProgress(_progress, result) {
        const seat = seats[result.index] as Seat;
        onProgress?.({
          type: 'expert_done',
          expertId: seat.expertId,
          status: result.ok ? 'ok' : statusOfError(result.error),
          latencyMs: Math.round(result.durationMs),
          reason: result.ok ? null : result.error.message,
        });
      },
    },
  );
  return results.map((r): SeatOutcome => {
    const seat = seats[r.index] as Seat;
    const latencyMs = Math.round(r.durationMs);
    return r.ok ? { seat, ok: true, response: r.value, latencyMs } : { seat, ok: false, error: r.error, latencyMs, started: r.started };
  });
}
