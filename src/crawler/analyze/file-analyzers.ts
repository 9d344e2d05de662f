/**
 * Integration point of the per-file text analyzers built beside this folder (src/crawler/secrets). Each is a
 * pure function of one file; analyzeFile calls every enabled one.
 */
import type { Finding } from '../findings.js';
import { scanSecrets } from '../secrets/scan-secrets.js';

/** One file as the analyzers see it. */
export interface AnalyzerFile {
  path: string;
  /** Language display name, when known. */
  language: string | undefined;
  content: string;
}

/** A per-file analyzer and the `--only` switch that enables it. */
export interface FileAnalyzer {
  analysis: 'secrets';
  run(file: AnalyzerFile): Finding[];
}

/**
 * The text analyzers run on every file. SAST (`runSast`, src/crawler/sast) needs a tree-sitter tree and is
 * called by analyzeFile with the tree the structure parser already built.
 */
export const FILE_ANALYZERS: readonly FileAnalyzer[] = [
  { analysis: 'secrets', run: (f) => scanSecrets({ path: f.path, content: f.content }) },
];
