import { describe, expect, it } from 'vitest';
import { SAMPLE } from '../../../test/helpers/crawler-tree.js';
import { createAnalysisPool, resolveWorkerFile } from './analysis-pool.js';
import { ANALYSES } from './file-analysis.js';

const settings = { analyses: [...ANALYSES], parseMaxBytes: 1_000_000, minDuplicateTokens: 10 };
const batch = { files: [{ path: 'a.ts', bytes: Buffer.from(SAMPLE.ts) }], settings };
const built = resolveWorkerFile(true);

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

  it.skipIf(!built)('gives the same results in the built dist/ worker threads as in this thread', async () => {
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
if (!built) console.warn('[skip] dist/crawler/analyze/analyze-worker.js is not built (npm run build): worker-thread test skipped');
