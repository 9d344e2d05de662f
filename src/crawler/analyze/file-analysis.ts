/**
 * The per-file result of a scan: everything derived from one file's bytes and path. It is cached by
 * (analyzer version, path, content hash), so an unchanged file is never analysed twice.
 */
import type { Finding } from '../findings.js';
import type { LineCounts } from '../languages/count-lines.js';
import type { CodeSymbol } from '../parse/structure-parser.js';
import type { ScanWarning } from '../walk/list-files.js';

/** Bump when analysis output changes meaning, so cached results are recomputed. */
export const ANALYZER_VERSION = 3;

/** Parts of a scan that can be switched on or off (`--only`). */
export const ANALYSES = ['lines', 'symbols', 'duplicates', 'secrets', 'sast', 'deps', 'git'] as const;
/** One switchable part of a scan. */
export type Analysis = (typeof ANALYSES)[number];

/** A function's near-duplicate fingerprint. */
export interface FunctionHash {
  name: string;
  startLine: number;
  endLine: number;
  simhash: string;
  tokens: number;
}

/** What one file contributes to a scan. */
export interface FileAnalysis {
  path: string;
  /** sha256 of the raw bytes, hex. */
  contentHash: string;
  sizeBytes: number;
  /** Language display name, or null when unknown (still scanned for secrets). */
  language: string | null;
  lines: LineCounts | null;
  symbols: CodeSymbol[];
  imports: string[];
  /** Whole-file SimHash (16 hex), when the file has enough tokens. */
  simhash: string | null;
  tokens: number;
  functionHashes: FunctionHash[];
  findings: Finding[];
  warnings: ScanWarning[];
}

/** Per-file analysis settings, the same for every file of a scan. */
export interface AnalyzeSettings {
  analyses: readonly Analysis[];
  /** Files above this size get line counts and secrets but no tree-sitter parse. */
  parseMaxBytes: number;
  /** Minimum tokens for a file or function to take part in near-duplicate detection. */
  minDuplicateTokens: number;
}
