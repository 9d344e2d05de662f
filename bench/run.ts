/**
 * `npm run bench [-- filter]`: runs bench/*.bench.ts and prints each candidate as a ratio of its baseline.
 * Exit code 1 when a benchmark with a goal misses it.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Bench, type BenchReport, ratio } from './lib.js';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

const fmt = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
let missed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: Bench };
  const reports = [await mod.default()].flat() as BenchReport[];
  for (const r of reports) {
    console.log(`\n## ${r.title}  (${file})`);
    console.log(`  baseline  ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}`);
    for (const c of r.candidates) {
      const x = ratio(c, r.baseline);
      const verdict = r.goal ? (r.goal.check(x, c) ? 'meets' : 'MISSES') : '';
      if (verdict === 'MISSES') missed++;
      console.log(
        `  ${c.name}: ${fmt(c.value)} ${c.unit}  → ${x.toFixed(2)}× baseline ${r.goal ? `(goal ${r.goal.text}: ${verdict})` : ''}`,
      );
    }
    for (const n of r.notes ?? []) console.log(`  note: ${n}`);
  }
}
console.log(`\n${files.length} benchmark file(s) run${missed ? `, ${missed} goal(s) missed` : ', all goals met'}.`);
process.exit(missed ? 1 : 0);
