import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../../../test/helpers/crawler-tree.js';
import { createAnalysisPool, resolveWorkerFile } from './analysis-pool.js';
import { ANALYSES } from './file-analysis.js';

const settings = { analyses: [...ANALYSES], parseMaxBytes: 1_000_000, minDuplicateTokens: 10 };
const batch = { files: [{ path: 'a.ts', bytes: Buffer.from(SAMPLE.ts) }], settings };
const built = resolveWorkerFile(true);
/** The built crawler is older than its sources: the worker would run old code (npm test builds first). */
const stale = (() => {
  if (!built) return false;
  const newest = (dir: string, keep: (name: string) => boolean): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p, keep) : keep(e.name) ? statSync(p).mtimeMs : 0);
    }, 0);
  const sources = newest(fileURLToPath(new URL('..', import.meta.url)), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
  const outputs = newest(fileURLToPath(new URL('..', built)), (n) => n.endsWith('.js'));
  return outputs < sources;
})();

describe('analysis pool', () => {
  it('analyses in the calling thread when asked for no workers', async () => {
    const pool = createAnalysisPool({ workers: 0 });
    expect(pool.mode).toBe('in-thread');
    const [a] = await pool.analyze(batch);
    expect(a).toMatchObject({ language: 'TypeScript', lines: { code: 5, comment: 1, blank: 0 } });
    await pool.close();
  });

  it('falls back to the calling thread from .ts sources without a built worker', () => {
    expect(createAnalysisPool({ workers: 2 }).mode).toBe('in-thread');
  });

  it.skipIf(!built || stale)('gives the same results in the built dist/ worker threads as in this thread', async () => {
    const workers = createAnalysisPool({ workers: 1, preferBuiltWorker: true });
    const local = createAnalysisPool({ workers: 0 });
    try {
      expect(workers.mode).toBe('workers');
      expect(await workers.analyze(batch)).toEqual(await local.analyze(batch));
    } finally {
      await workers.close();
      await local.close();
    }
  });
});
if (!built || stale)
  console.warn(
    `[skip] dist/crawler/analyze/analyze-worker.js is ${built ? 'older than the sources' : 'not built'} (npm run build): worker-thread test skipped`,
  );
