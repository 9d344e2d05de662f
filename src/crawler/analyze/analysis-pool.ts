/**
 * Spreads file analysis across cores with piscina worker threads. The worker must be compiled JavaScript, so
 * it is resolved next to this module (dist/ in production); running from `.ts` sources it uses the built
 * dist/ worker when asked to (`preferBuiltWorker`), else analyses in the calling thread.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createStructureParser } from '../parse/structure-parser.js';
import { analyzeFile } from './analyze-file.js';
import type { AnalyzeBatch } from './analyze-worker.js';
import type { FileAnalysis } from './file-analysis.js';

/** Analyses batches of files, in worker threads or in this thread. */
export interface AnalysisPool {
  readonly mode: 'workers' | 'in-thread';
  readonly threads: number;
  analyze(batch: AnalyzeBatch, signal?: AbortSignal): Promise<FileAnalysis[]>;
  close(): Promise<void>;
}

/** Pool options. */
export interface AnalysisPoolOptions {
  /** Worker threads; 0 = analyse in this thread; undefined = one per core (at least 1). */
  workers?: number | undefined;
  /** From `.ts` sources, use dist/crawler/analyze/analyze-worker.js when it exists (tests of the real worker). */
  preferBuiltWorker?: boolean;
}

/** Where the compiled worker is, or undefined when only sources exist. */
export function resolveWorkerFile(preferBuiltWorker = false): URL | undefined {
  const beside = new URL('./analyze-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return existsSync(fileURLToPath(beside)) ? beside : undefined;
  if (!preferBuiltWorker) return undefined;
  const built = fileURLToPath(beside).replace(/([\\/])src([\\/]crawler[\\/]analyze[\\/])/, '$1dist$2');
  return existsSync(built) ? pathToFileURL(built) : undefined;
}

/** Create a pool; falls back to in-thread analysis when no compiled worker is available. */
export function createAnalysisPool(options: AnalysisPoolOptions = {}): AnalysisPool {
  const threads = options.workers ?? Math.max(1, availableParallelism());
  const workerFile = threads > 0 ? resolveWorkerFile(options.preferBuiltWorker) : undefined;
  if (!workerFile) {
    const parser = createStructureParser();
    return {
      mode: 'in-thread',
      threads: 0,
      async analyze(batch, signal) {
        const out: FileAnalysis[] = [];
        for (const f of batch.files) {
          signal?.throwIfAborted();
          out.push(await analyzeFile(f.path, f.bytes, batch.settings, parser));
        }
        return out;
      },
      async close() {},
    };
  }
  // Required when a pool starts, not at start-up: most processes (e.g. `code-engine mcp`) never scan (issue #6).
  const { Piscina } = createRequire(import.meta.url)('piscina') as typeof import('piscina');
  const piscina = new Piscina({ filename: workerFile.href, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  return {
    mode: 'workers',
    threads,
    analyze: (batch, signal) => piscina.run(batch, signal ? { signal } : {}) as Promise<FileAnalysis[]>,
    close: () => piscina.destroy(),
  };
}
