/**
 * Piscina worker entry: analyses a batch of files in a worker thread. Runs only compiled (dist/…/analyze-worker.js):
 * Node 20 cannot start `.ts` workers, so analysis-pool.ts falls back to the calling thread without it.
 */
import { createStructureParser } from '../parse/structure-parser.js';
import { analyzeFile } from './analyze-file.js';
import type { AnalyzeSettings, FileAnalysis } from './file-analysis.js';

/** One unit of work sent to a worker. */
export interface AnalyzeBatch {
  files: Array<{ path: string; bytes: Uint8Array }>;
  settings: AnalyzeSettings;
}

const parser = createStructureParser();

/** Analyse every file of the batch, in order. */
export default async function analyzeBatch(batch: AnalyzeBatch): Promise<FileAnalysis[]> {
  const out: FileAnalysis[] = [];
  for (const f of batch.files) out.push(await analyzeFile(f.path, f.bytes, batch.settings, parser));
  return out;
}
