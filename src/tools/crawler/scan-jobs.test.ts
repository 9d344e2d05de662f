import { describe, expect, it } from 'vitest';
import { systemClock, systemIds } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { CrawlerService } from '../../crawler/crawler-service.js';
import type { ScanReport } from '../../crawler/report/report-schema.js';
import { createScanJobs } from './scan-jobs.js';

/** A crawler whose scans wait for the test to finish them (or for their signal). */
function scriptedCrawler() {
  const pending = new Map<string, { resolve(): void; reject(e: unknown): void }>();
  const crawler: Pick<CrawlerService, 'scan'> = {
    scan: (options, control) =>
      new Promise((resolve, reject) => {
        control?.onProgress?.({ phase: 'analyzing', filesDone: 1, filesTotal: 4, bytesDone: 10, elapsedMs: 5 });
        control?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        pending.set(options.root, {
          resolve: () => resolve({ snapshotId: `snap-${options.root}`, report: { findings: [{}, {}] } as unknown as ScanReport }),
          reject,
        });
      }),
  };
  return { crawler, pending };
}

describe('scan jobs', () => {
  it('reports progress while a job runs', () => {
    const { crawler } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds });
    const job = jobs.start({ root: '/a' }, 'alice');
    expect(jobs.get(job.jobId)).toMatchObject({ status: 'running', progress: { filesDone: 1, filesTotal: 4 } });
  });

  it('records the snapshot and finding count of a finished job', async () => {
    const { crawler, pending } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds });
    const job = jobs.start({ root: '/a' }, 'alice');
    pending.get('/a')?.resolve();
    expect(await jobs.settled(job.jobId)).toMatchObject({
      status: 'succeeded',
      snapshotId: 'snap-/a',
      findingCount: 2,
      finishedAt: expect.any(String),
    });
  });

  it('refuses a second job on the same root', () => {
    const { crawler } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds });
    jobs.start({ root: '/a' }, 'alice');
    expect(() => jobs.start({ root: '/a' }, 'bob')).toThrow(expect.objectContaining({ code: 'E_CONFLICT' }));
  });

  it('refuses more jobs than maxRunning', () => {
    const { crawler } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds, maxRunning: 1 });
    jobs.start({ root: '/a' }, 'alice');
    expect(() => jobs.start({ root: '/b' }, 'alice')).toThrow(expect.objectContaining({ code: 'E_BULKHEAD_FULL' }));
  });

  it('ends a cancelled job as cancelled', async () => {
    const { crawler } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds });
    const job = jobs.start({ root: '/a' }, 'alice');
    jobs.cancel(job.jobId);
    expect(await jobs.settled(job.jobId)).toMatchObject({ status: 'cancelled', error: { code: 'E_CANCELLED' } });
  });

  it('keeps the code and message of a failed job', async () => {
    const { crawler, pending } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds });
    const job = jobs.start({ root: '/a' }, 'alice');
    pending.get('/a')?.reject(new AppError('E_NOT_FOUND', 'No directory at /a.'));
    expect(await jobs.settled(job.jobId)).toMatchObject({
      status: 'failed',
      error: { code: 'E_NOT_FOUND', message: 'No directory at /a.' },
    });
  });

  it('hides the message of an internal failure', async () => {
    const { crawler, pending } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds });
    const job = jobs.start({ root: '/a' }, 'alice');
    pending.get('/a')?.reject(new Error('disk on fire at /secret/path'));
    expect((await jobs.settled(job.jobId)).error).toEqual({ code: 'E_INTERNAL', message: 'Internal error.' });
  });

  it('forgets the oldest finished jobs beyond keepFinished', async () => {
    const { crawler, pending } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds, keepFinished: 1 });
    const first = jobs.start({ root: '/a' }, 'alice');
    pending.get('/a')?.resolve();
    await jobs.settled(first.jobId);
    const second = jobs.start({ root: '/b' }, 'alice');
    pending.get('/b')?.resolve();
    await jobs.settled(second.jobId);
    expect(jobs.list().map((j) => j.jobId)).toEqual([second.jobId]);
    expect(() => jobs.get(first.jobId)).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
  });

  it('aborts running jobs on close', async () => {
    const { crawler } = scriptedCrawler();
    const jobs = createScanJobs({ crawler, clock: systemClock, ids: systemIds });
    const job = jobs.start({ root: '/a' }, 'alice');
    await jobs.close();
    expect(jobs.get(job.jobId).status).toBe('cancelled');
  });
});
