/**
 * The parallel executor: run a worker over N items with bounded concurrency, a per-task deadline, optional
 * fail-fast and cancellation, returning one result per item in input order. Used by the experts fan-out and
 * the crawler.
 */
import { AppError, toAppError } from '../core/errors.js';
import { abortReason } from './cancellation.js';
import { createDeadline, type Deadline, type TimeSource, withTimeout } from './deadline.js';

/** What each task receives. Pass `signal` to everything that can hang. */
export interface TaskContext {
  /** Position of the item in the input. */
  index: number;
  /** Aborts on the task's timeout, the batch deadline, fail-fast, or the caller's signal. */
  signal: AbortSignal;
  /** The task's deadline, to nest further calls under (`resilience.run(…, { deadline })`). */
  deadline: Deadline;
}

/** A class so `signal` can be a cheap prototype getter (the AbortController is made only if read). */
class TaskContextImpl implements TaskContext {
  constructor(
    readonly index: number,
    readonly deadline: Deadline,
  ) {}

  get signal(): AbortSignal {
    return this.deadline.signal;
  }
}

/** One task's outcome. `started: false` means it never ran (cancelled or failed fast before its turn). */
export type TaskResult<T> =
  | { index: number; ok: true; value: T; durationMs: number }
  | { index: number; ok: false; error: AppError; durationMs: number; started: boolean };

/** Counts after each settled task. */
export interface ParallelProgress {
  total: number;
  completed: number;
  succeeded: number;
  failed: number;
  running: number;
}

/** Options of `runParallel`. */
export interface ParallelOptions<T = unknown> {
  /** Tasks running at once (at least 1). */
  concurrency: number;
  /** Limit of each task in ms; it then ends with E_TIMEOUT (its signal aborts; the slot frees at once). */
  taskTimeoutMs?: number | undefined;
  /** On the first failure, abort running tasks and skip the rest (they end with E_CANCELLED). */
  failFast?: boolean | undefined;
  /** Cancels the whole batch. */
  signal?: AbortSignal | undefined;
  /** The enclosing deadline: no task outlives it. */
  deadline?: Deadline | undefined;
  /** Called after each task settles, with running counts and that task's result. */
  onProgress?: ((progress: ParallelProgress, result: TaskResult<T>) => void) | undefined;
}

/**
 * Run `worker` over `items`, at most `concurrency` at a time; never throws for a task's failure. A task that
 * ignores its signal after a timeout keeps running in the background but no longer holds a slot.
 * @example
 * const results = await runParallel(providers, (p, ctx) => p.ask(question, { signal: ctx.signal }),
 *   { concurrency: 4, taskTimeoutMs: 30_000 }, { clock, timers });
 * const answers = results.filter((r) => r.ok);
 */
export async function runParallel<I, T>(
  items: readonly I[],
  worker: (item: I, ctx: TaskContext) => Promise<T> | T,
  options: ParallelOptions<T>,
  time: TimeSource,
): Promise<TaskResult<T>[]> {
  const total = items.length;
  const results = new Array<TaskResult<T>>(total);
  if (total === 0) return results;
  const concurrency = Math.min(total, Math.max(1, Math.floor(options.concurrency) || 1));
  const batch = createDeadline({ parent: options.deadline, signal: options.signal }, time);
  const progress: ParallelProgress = { total, completed: 0, succeeded: 0, failed: 0, running: 0 };
  let next = 0;

  const settle = (result: TaskResult<T>) => {
    results[result.index] = result;
    progress.completed++;
    if (result.ok) progress.succeeded++;
    else progress.failed++;
    options.onProgress?.({ ...progress }, result);
  };

  async function runTask(index: number): Promise<void> {
    const item = items[index] as I;
    const startedAt = time.clock.monotonic();
    progress.running++;
    try {
      const value = await withTimeout(
        (deadline) => worker(item, new TaskContextImpl(index, deadline)),
        { timeoutMs: options.taskTimeoutMs, parent: batch },
        time,
      );
      progress.running--;
      settle({ index, ok: true, value, durationMs: time.clock.monotonic() - startedAt });
    } catch (error) {
      progress.running--;
      if (options.failFast && !batch.aborted) {
        batch.cancel(
          new AppError('E_CANCELLED', `Cancelled because task ${index} failed (fail-fast).`, { details: { failedTask: index } }),
        );
      }
      settle({ index, ok: false, error: toAppError(error), durationMs: time.clock.monotonic() - startedAt, started: true });
    }
  }

  async function lane(): Promise<void> {
    while (next < total && !batch.aborted) await runTask(next++);
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    batch.dispose();
  }
  for (let index = next; index < total; index++) {
    settle({ index, ok: false, error: batch.reason ?? abortReason(batch.signal), durationMs: 0, started: false });
  }
  return results;
}
