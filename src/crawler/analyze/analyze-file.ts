/**
 * Analyses one file's bytes: language, line counts, symbols and complexity, near-duplicate fingerprints and
 * findings of the per-file analyzers. Pure apart from the tree-sitter parser it is given; runs in a worker
 * thread or, without a built worker, in the calling thread.
 */
import { createHash } from 'node:crypto';
import { simhash, tokenize } from '../duplicates/simhash.js';
import { countLines } from '../languages/count-lines.js';
import { detectLanguage } from '../languages/detect-language.js';
import type { Structure, StructureParser } from '../parse/structure-parser.js';
import { loadSastGrammars, sastGrammarFor } from '../sast/grammars.js';
import { runSast } from '../sast/run-sast.js';
import { decodeText } from '../walk/read-source-file.js';
import type { AnalyzeSettings, FileAnalysis, FunctionHash } from './file-analysis.js';
import { FILE_ANALYZERS } from './file-analyzers.js';

/** Analyse `bytes` read from `path` (relative, "/" separators). */
export async function analyzeFile(
  path: string,
  bytes: Uint8Array,
  settings: AnalyzeSettings,
  parser: StructureParser,
): Promise<FileAnalysis> {
  const on = new Set(settings.analyses);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const decoded = decodeText(bytes);
  const text = decoded.text;
  const firstLine = text.slice(0, Math.min(text.length, 256)).split('\n', 1)[0] ?? '';
  const lang = detectLanguage(path, firstLine);
  const result: FileAnalysis = {
    path,
    contentHash,
    sizeBytes: bytes.length,
    language: lang?.name ?? null,
    lines: null,
    symbols: [],
    imports: [],
    simhash: null,
    tokens: 0,
    functionHashes: [],
    findings: [],
    warnings: decoded.invalid ? [{ path, reason: 'invalid-utf8', detail: 'decoded with replacement characters' }] : [],
  };
  if (lang && on.has('lines')) result.lines = countLines(text, lang);
  const parseable = bytes.length <= settings.parseMaxBytes;
  const sast = on.has('sast') && parseable && sastGrammarFor(lang?.name) !== undefined;
  let sastDone = false;
  const sastFindings = (tree?: Parameters<NonNullable<Parameters<StructureParser['parse']>[2]>>[0]) => {
    sastDone = true;
    try {
      result.findings.push(...runSast({ path, language: lang?.name, content: text, ...(tree ? { tree } : {}) }));
    } catch (e) {
      result.warnings.push({ path, reason: 'parse-failed', detail: `sast: ${(e as Error).message.slice(0, 200)}` });
    }
  };
  // Once per thread; the SAST grammars share web-tree-sitter's runtime with the structure parser.
  if (sast) await loadSastGrammars();
  let spans: Structure['callableSpans'] = [];
  if (lang?.grammar && on.has('symbols') && parseable) {
    try {
      const structure = await parser.parse(text, lang.grammar, sast ? (tree) => sastFindings(tree) : undefined);
      result.symbols = structure.symbols;
      result.imports = structure.imports;
      spans = structure.callableSpans;
    } catch (e) {
      result.warnings.push({ path, reason: 'parse-failed', detail: (e as Error).message.slice(0, 200) });
    }
  }
  if (sast && !sastDone) sastFindings();
  if (lang && !lang.literate && on.has('duplicates') && bytes.length <= settings.parseMaxBytes) {
    const tokens = tokenize(text);
    result.tokens = tokens.length;
    result.simhash = simhash(tokens, settings.minDuplicateTokens) ?? null;
    result.functionHashes = functionHashes(text, spans, settings.minDuplicateTokens);
  }
  for (const analyzer of FILE_ANALYZERS) {
    if (!on.has(analyzer.analysis)) continue;
    try {
      result.findings.push(...analyzer.run({ path, language: lang?.name, content: text }));
    } catch (e) {
      result.warnings.push({ path, reason: 'parse-failed', detail: `${analyzer.analysis}: ${(e as Error).message.slice(0, 200)}` });
    }
  }
  return result;
}

function functionHashes(text: string, spans: Structure['callableSpans'], minTokens: number): FunctionHash[] {
  const out: FunctionHash[] = [];
  for (const s of spans) {
    // The function's own name is left out, so a renamed copy is still a copy.
    const tokens = tokenize(text.slice(s.start, s.end)).map((t) => (t === s.name ? '$name' : t));
    const hash = simhash(tokens, minTokens);
    if (hash) out.push({ name: s.name, startLine: s.startLine, endLine: s.endLine, simhash: hash, tokens: tokens.length });
  }
  return out;
}
