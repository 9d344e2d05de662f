/**
 * Turning an aborted AbortSignal into the AppError callers see: the signal's own reason when it is one
 * (a deadline aborts with E_TIMEOUT), E_CANCELLED otherwise.
 */
import { AppError, isAppError } from '../core/errors.js';

/**
 * The error an aborted signal stands for. Deadlines abort with an E_TIMEOUT AppError as the reason, so nested
 * calls report the timeout of the outermost limit rather than a vague cancellation.
 * @example if (signal.aborted) throw abortReason(signal);
 */
export function abortReason(signal: AbortSignal): AppError {
  const reason: unknown = signal.reason;
  if (isAppError(reason)) return reason;
  return new AppError('E_CANCELLED', 'The operation was cancelled.', { cause: reason });
}

/** Throw `abortReason(signal)` when the signal is already aborted; a cheap guard before starting work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}
