/**
 * Runs a caller-supplied regular expression over file text in a worker thread with a deadline. A catastrophic
 * pattern (ReDoS, `(a+)+$`) can only burn the worker, which is terminated when the search's time is up; the server's
 * event loop never runs user regexes.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../core/errors.js';

/** One matching line. */
export interface LineHit {
  /** 0-based line index. */
  line: number;
  /** 0-based column of the first match in the line. */
  column: number;
}

/** A started matcher; `close` it when the search ends. */
export interface LineMatcher {
  /** Matching lines of `text` (split at `\n`, a trailing `\r` ignored), at most `max`. Rejects E_TIMEOUT after the deadline. */
  match(text: string, max: number): Promise<LineHit[]>;
  close(): Promise<void>;
}

export interface LineMatcherOptions {
  pattern: string;
  /** Match the pattern as plain text. */
  literal: boolean;
  ignoreCase: boolean;
  /** Budget of the whole search, in ms; the worker is terminated when it runs out. */
  timeoutMs: number;
}

// Plain CommonJS so it runs as an eval worker both from TypeScript sources (tests, tsx) and from dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const re = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', (m) => {
  const lines = m.text.split('\\n');
  const hits = [];
  for (let i = 0; i < lines.length && hits.length < m.max; i++) {
    const line = lines[i].endsWith('\\r') ? lines[i].slice(0, -1) : lines[i];
    const found = re.exec(line);
    if (found) hits.push([i, found.index]);
  }
  parentPort.postMessage({ id: m.id, hits });
});
`;

/**
 * Compile the pattern (E_VALIDATION when it is not a valid JavaScript regex) and start its worker.
 * @example const m = createLineMatcher({ pattern: 'TODO\\(#\\d+\\)', literal: false, ignoreCase: false, timeoutMs: 20_000 })
 */
export function createLineMatcher(options: LineMatcherOptions): LineMatcher {
  const source = options.literal ? options.pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : options.pattern;
  const flags = options.ignoreCase ? 'i' : '';
  try {
    // Compiling is linear and safe on this thread; only matching may blow up.
    new RegExp(source, flags);
  } catch (e) {
    throw new AppError('E_VALIDATION', `Invalid regular expression: ${(e as Error).message}`, { cause: e });
  }
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { source, flags },
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  worker.unref();
  let nextId = 0;
  let failure: AppError | undefined;
  const pending = new Map<number, { resolve(h: LineHit[]): void; reject(e: AppError): void }>();
  const fail = (error: AppError) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  worker.on('message', (m: { id: number; hits: Array<[number, number]> }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    p?.resolve(m.hits.map(([line, column]) => ({ line, column })));
  });
  worker.on('error', (e) => fail(new AppError('E_INTERNAL', 'The search worker failed.', { cause: e })));
  worker.on('exit', () => fail(new AppError('E_TIMEOUT', `The search took longer than ${options.timeoutMs} ms and was stopped.`)));
  const timer = setTimeout(() => void worker.terminate(), options.timeoutMs);
  timer.unref();
  return {
    match(text, max) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, text, max });
      });
    },
    async close() {
      clearTimeout(timer);
      failure ??= new AppError('E_CANCELLED', 'The search is over.');
      await worker.terminate();
    },
  };
}
