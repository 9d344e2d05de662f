/**
 * Crawler benchmark on a corpus of real npm packages (bench/corpus.ts; reuse one with CODE_ENGINE_BENCH_CORPUS):
 * line counting against cloc (Debian's package; tokei and scc are not packaged by Debian and are skipped),
 * the full pass cold, and the incremental rescan of the unchanged tree (goal: ≤ 10 % of the cold time, ≥ 97 % cache hits).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { crawlerSchema } from '../src/core/config/crawler.js';
import { systemClock, systemIds } from '../src/core/deps.js';
import { createCrawlerService } from '../src/crawler/crawler-service.js';
import { crawlerMigrations } from '../src/crawler/migrations.js';
import { runScan } from '../src/crawler/scan/run-scan.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openTestDatabase } from '../test/helpers/pg.js';
import { buildCorpus } from './corpus.js';
import type { BenchReport } from './lib.js';

interface ClocTotals {
  seconds: number;
  code: number;
  comment: number;
  blank: number;
  byLanguage: Record<string, { code: number; comment: number; blank: number }>;
}

function cloc(root: string): ClocTotals | string {
  try {
    execFileSync('cloc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'cloc is not installed (apt-get install cloc); skipped';
  }
  const t = performance.now();
  const out = execFileSync('cloc', ['--json', '--quiet', '--skip-uniqueness', root], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  const json = JSON.parse(out) as Record<string, { code: number; comment: number; blank: number }>;
  const { header: _h, SUM, ...byLanguage } = json as Record<string, never> & { SUM: { code: number; comment: number; blank: number } };
  return { seconds, code: SUM.code, comment: SUM.comment, blank: SUM.blank, byLanguage };
}

const pct = (a: number, b: number) => `${(((a - b) / Math.max(b, 1)) * 100).toFixed(2)} %`;

export default async function crawlerBench(): Promise<BenchReport[]> {
  const reuse = process.env.CODE_ENGINE_BENCH_CORPUS;
  const corpus = reuse ? { root: reuse, files: 0, bytes: 0 } : buildCorpus();
  const config = crawlerSchema.parse({});
  const env = { config, clock: systemClock, ids: systemIds, version: 'bench', preferBuiltWorker: true };
  const notes: string[] = [
    `corpus ${corpus.root}${reuse ? ' (reused)' : `: ${corpus.files} files, ${(corpus.bytes / 1_048_576).toFixed(0)} MiB`}`,
  ];
  try {
    // cloc reads every file whatever its size: lift the size cap for the comparison pass (sqlite3.c is ~9 MiB).
    const uncapped = { ...env, config: crawlerSchema.parse({ maxFileBytes: 1_073_741_824 }) };
    let t = performance.now();
    const lines = (await runScan({ root: corpus.root, analyses: ['lines'] }, uncapped)).report;
    const linesSeconds = (performance.now() - t) / 1000;
    notes.push(
      `line pass: ${lines.totals.files} files, ${lines.totals.code} code / ${lines.totals.comment} comment / ${lines.totals.blank} blank lines in ${linesSeconds.toFixed(1)} s`,
    );
    const c = cloc(corpus.root);
    const reports: BenchReport[] = [];
    if (typeof c === 'string') notes.push(c);
    else {
      notes.push(`cloc: ${c.code} code / ${c.comment} comment / ${c.blank} blank in ${c.seconds.toFixed(1)} s`);
      const all = (x: { code: number; comment: number; blank: number }) => x.code + x.comment + x.blank;
      notes.push(
        `total lines vs cloc: ${pct(lines.totals.lines, all(c))}; code lines vs cloc: ${pct(lines.totals.code, c.code)} (cloc's rules differ from tokei's)`,
      );
      for (const name of ['JavaScript', 'TypeScript', 'C', 'Python', 'YAML', 'JSON']) {
        const mine = lines.languages.find((l) => l.name === name);
        const theirs = c.byLanguage[name];
        if (mine && theirs) notes.push(`  ${name}: lines ${pct(all(mine), all(theirs))}, code ${pct(mine.code, theirs.code)} vs cloc`);
      }
      reports.push({
        title: 'Line counting wall time (corpus of npm packages)',
        baseline: { name: 'cloc --skip-uniqueness', value: c.seconds, unit: 's', higherIsBetter: false },
        candidates: [{ name: 'code-engine scan --only lines', value: linesSeconds, unit: 's', higherIsBetter: false }],
        notes,
      });
    }
    notes.push('tokei, scc: not packaged by Debian here; skipped');

    const db = await openTestDatabase('sqlite');
    try {
      await migrateToLatest(db.db, crawlerMigrations);
      const service = createCrawlerService({
        db: db.db,
        clock: systemClock,
        ids: systemIds,
        config,
        version: 'bench',
        preferBuiltWorker: true,
      });
      t = performance.now();
      const cold = (await service.scan({ root: corpus.root })).report;
      const coldSeconds = (performance.now() - t) / 1000;
      t = performance.now();
      const warm = (await service.scan({ root: corpus.root })).report;
      const warmSeconds = (performance.now() - t) / 1000;
      const hits = warm.totals.cachedFiles / Math.max(warm.totals.files, 1);
      reports.push({
        title: 'Incremental rescan of an unchanged tree (full pass)',
        baseline: { name: 'cold full pass', value: coldSeconds, unit: 's', higherIsBetter: false },
        candidates: [{ name: 'warm rescan', value: warmSeconds, unit: 's', higherIsBetter: false }],
        goal: { text: '≥ 10× faster and ≥ 97 % cache hits', check: (x) => x >= 10 && hits >= 0.97 },
        notes: [
          `cold: ${cold.totals.files} files, ${cold.totals.functions} functions, ${cold.findings.length} findings, ${cold.duplicates.length} duplicate clusters in ${coldSeconds.toFixed(1)} s`,
          `warm: ${(hits * 100).toFixed(1)} % cache hits in ${warmSeconds.toFixed(1)} s; rss ${Math.round(process.memoryUsage().rss / 1_048_576)} MiB`,
        ],
      });
    } finally {
      await db.cleanup();
    }
    return reports;
  } finally {
    if (!reuse) rmSync(corpus.root, { recursive: true, force: true });
  }
}
