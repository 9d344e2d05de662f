/**
 * Folds per-file results into a report as they stream in: totals, languages, top complexity, duplicate
 * candidates, findings and warnings. Keeps only compact facts per file, never contents.
 */
import type { FileAnalysis } from '../analyze/file-analysis.js';
import type { DuplicateCandidate } from '../duplicates/find-duplicates.js';
import type { Finding } from '../findings.js';
import type { ScanReport } from '../report/report-schema.js';
import type { ScanWarning } from '../walk/list-files.js';

const TOP = 25;

type ReportFile = ScanReport['files'][number];
type TopFunction = ScanReport['complexity']['top'][number];

/** Incremental report state. */
export interface ReportBuilder {
  addFile(analysis: FileAnalysis, cached: boolean): void;
  addWarning(warning: ScanWarning): void;
  readonly files: ReportFile[];
  readonly findings: Finding[];
  readonly fileCandidates: DuplicateCandidate[];
  readonly functionCandidates: DuplicateCandidate[];
  /** Sum of function complexity per file (for hotspots). */
  readonly complexityByFile: Map<string, number>;
  totals(): ScanReport['totals'];
  languages(): ScanReport['languages'];
  complexity(): ScanReport['complexity'];
  warnings(): ScanReport['warnings'];
}

/** A builder; `includeSymbols` keeps symbols and imports per file for the JSON report. */
export function createReportBuilder(options: { includeSymbols: boolean; maxWarnings: number }): ReportBuilder {
  const files: ReportFile[] = [];
  const findings: Finding[] = [];
  const fileCandidates: DuplicateCandidate[] = [];
  const functionCandidates: DuplicateCandidate[] = [];
  const complexityByFile = new Map<string, number>();
  const languages = new Map<string, ScanReport['languages'][number]>();
  const warningItems: ScanWarning[] = [];
  const byReason: Record<string, number> = {};
  let warningTotal = 0;
  let skipped = 0;
  let cachedFiles = 0;
  let bytes = 0;
  const lines = { code: 0, comment: 0, blank: 0 };
  let functions = 0;
  let classes = 0;
  let complexitySum = 0;
  let complexityMax = 0;
  const top: TopFunction[] = [];

  const addWarning = (w: ScanWarning) => {
    warningTotal++;
    byReason[w.reason] = (byReason[w.reason] ?? 0) + 1;
    if (w.reason !== 'invalid-utf8' && w.reason !== 'parse-failed') skipped++;
    if (warningItems.length < options.maxWarnings) warningItems.push(w);
  };

  return {
    files,
    findings,
    fileCandidates,
    functionCandidates,
    complexityByFile,
    addWarning,
    addFile(a, cached) {
      if (cached) cachedFiles++;
      bytes += a.sizeBytes;
      for (const w of a.warnings) addWarning(w);
      findings.push(...a.findings);
      const counts = a.lines ?? { code: 0, comment: 0, blank: 0 };
      if (a.language && a.lines) {
        lines.code += counts.code;
        lines.comment += counts.comment;
        lines.blank += counts.blank;
        const l = languages.get(a.language) ?? { name: a.language, files: 0, bytes: 0, code: 0, comment: 0, blank: 0 };
        l.files++;
        l.bytes += a.sizeBytes;
        l.code += counts.code;
        l.comment += counts.comment;
        l.blank += counts.blank;
        languages.set(a.language, l);
      }
      let fileFunctions = 0;
      let maxComplexity = 0;
      let sumComplexity = 0;
      for (const s of a.symbols) {
        if (s.kind === 'class') classes++;
        if (s.complexity === undefined) continue;
        fileFunctions++;
        sumComplexity += s.complexity;
        maxComplexity = Math.max(maxComplexity, s.complexity);
        complexityMax = Math.max(complexityMax, s.complexity);
        if (top.length < TOP || s.complexity > (top[top.length - 1]?.complexity ?? 0)) {
          top.push({ file: a.path, name: s.name, kind: s.kind, startLine: s.startLine, endLine: s.endLine, complexity: s.complexity });
          top.sort((x, y) => y.complexity - x.complexity || x.file.localeCompare(y.file));
          if (top.length > TOP) top.pop();
        }
      }
      functions += fileFunctions;
      complexitySum += sumComplexity;
      if (sumComplexity > 0) complexityByFile.set(a.path, sumComplexity);
      if (a.simhash)
        fileCandidates.push({
          file: a.path,
          startLine: 1,
          endLine: counts.code + counts.comment + counts.blank,
          simhash: a.simhash,
          tokens: a.tokens,
        });
      for (const f of a.functionHashes) functionCandidates.push({ file: a.path, ...f });
      files.push({
        path: a.path,
        language: a.language,
        sizeBytes: a.sizeBytes,
        contentHash: a.contentHash,
        ...counts,
        functions: fileFunctions,
        maxComplexity,
        ...(options.includeSymbols ? { symbols: a.symbols, imports: a.imports } : {}),
      });
    },
    totals: () => ({
      files: files.length,
      skipped,
      cachedFiles,
      bytes,
      ...lines,
      lines: lines.code + lines.comment + lines.blank,
      functions,
      classes,
    }),
    languages: () => [...languages.values()].sort((a, b) => b.code - a.code || a.name.localeCompare(b.name)),
    complexity: () => ({
      functions,
      average: functions ? Math.round((complexitySum / functions) * 100) / 100 : 0,
      max: complexityMax,
      top: [...top],
    }),
    warnings: () => ({
      total: warningTotal,
      byReason: { ...byReason },
      items: [...warningItems],
      truncated: warningTotal > warningItems.length,
    }),
  };
}
