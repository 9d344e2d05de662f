/**
 * Integration point of the per-file finding analyzers built beside this folder (src/crawler/secrets,
 * src/crawler/sast). Each is a pure function of one file; analyzeFile calls every enabled one.
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
  analysis: 'secrets' | 'sast';
  run(file: AnalyzerFile): Finding[];
}

/**
 * The analyzers run on every file.
 * TODO(#7): add `runSast` (src/crawler/sast/) here when it lands; it needs `await loadSastGrammars()` once per
 * thread (analyzeFile can pass its own tree-sitter tree as `tree` to avoid a second parse):
 *   { analysis: 'sast', run: (f) => runSast({ path: f.path, language: f.language, content: f.content }) },
 */
export const FILE_ANALYZERS: readonly FileAnalyzer[] = [
  { analysis: 'secrets', run: (f) => scanSecrets({ path: f.path, content: f.content }) },
];
