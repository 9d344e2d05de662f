/**
 * Background scans: an in-process registry of scan jobs with progress, cancellation and a bounded history.
 * Jobs live in this process only: a restart forgets running and finished jobs (their stored snapshots stay).
 */
import type { Clock, Ids } from '../../core/deps.js';
import { AppError, toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { CrawlerService } from '../../crawler/crawler-service.js';
import type { ScanOptions } from '../../crawler/scan/run-scan.js';
import type { ScanJobView } from './schemas.js';

/** Limits of the job registry. */
export interface ScanJobsOptions {
  crawler: Pick<CrawlerService, 'scan'>;
  clock: Clock;
  ids: Ids;
  /** Jobs that may run at once. Default 2. */
  maxRunning?: number;
  /** Finished jobs remembered for status polling; the oldest are forgotten first. Default 100. */
  keepFinished?: number;
}

/** The job registry. */
export interface ScanJobs {
  /** Start scanning `options.root` (already resolved through the path guard); E_CONFLICT when that root is being scanned. */
  start(options: ScanOptions, startedBy: string, log?: Logger): ScanJobView;
  /** The job, or E_NOT_FOUND. */
  get(jobId: string): ScanJobView;
  /** Running jobs first, then finished ones, newest first. */
  list(): ScanJobView[];
  /** Abort a running job (it ends as `cancelled`); a finished job is returned unchanged. */
  cancel(jobId: string): ScanJobView;
  /** Resolves once the job has finished (tests, and callers that want to wait). */
  settled(jobId: string): Promise<ScanJobView>;
  /** Abort every running job and wait for them to end (shutdown). */
  close(): Promise<void>;
}

interface Job {
  view: ScanJobView;
  controller: AbortController;
  done: Promise<ScanJobView>;
  order: number;
}

/**
 * Create a job registry over the crawler service.
 * @example const jobs = createScanJobs({ crawler: services.crawler, clock, ids }); jobs.start({ root }, principal.id)
 */
export function createScanJobs(options: ScanJobsOptions): ScanJobs {
  const maxRunning = options.maxRunning ?? 2;
  const keepFinished = options.keepFinished ?? 100;
  const jobs = new Map<string, Job>();
  let counter = 0;
  const iso = () => new Date(options.clock.now()).toISOString();
  const snapshot = (job: Job): ScanJobView => ({
    ...job.view,
    ...(job.view.progress ? { progress: { ...job.view.progress } } : {}),
  });
  const need = (jobId: string) => {
    const job = jobs.get(jobId);
    if (!job) throw new AppError('E_NOT_FOUND', `No scan job "${jobId}". Jobs live in memory and are forgotten at restart.`);
    return job;
  };
  const prune = () => {
    const finished = [...jobs.values()].filter((j) => j.view.status !== 'running').sort((a, b) => a.order - b.order);
    for (const job of finished.slice(0, Math.max(0, finished.length - keepFinished))) jobs.delete(job.view.jobId);
  };
  const running = () => [...jobs.values()].filter((j) => j.view.status === 'running');

  return {
    start(scanOptions, startedBy, log) {
      const same = running().find((j) => j.view.root === scanOptions.root);
      if (same) throw new AppError('E_CONFLICT', `${scanOptions.root} is already being scanned by job ${same.view.jobId}.`);
      if (running().length >= maxRunning)
        throw new AppError(
          'E_BULKHEAD_FULL',
          `${maxRunning} scans are running; wait for one to finish or cancel one (crawler_cancel_scan).`,
          {
            retryable: true,
          },
        );
      const controller = new AbortController();
      const view: ScanJobView = { jobId: options.ids.uuid(), status: 'running', root: scanOptions.root, startedBy, startedAt: iso() };
      const job: Job = { view, controller, done: Promise.resolve(view), order: counter++ };
      job.done = options.crawler
        .scan(scanOptions, {
          signal: controller.signal,
          onProgress: (p) => {
            view.progress = p;
          },
        })
        .then(
          (result) => {
            view.status = 'succeeded';
            if (result.snapshotId) view.snapshotId = result.snapshotId;
            view.findingCount = result.report.findings.length;
          },
          (e: unknown) => {
            const error = toAppError(e);
            if (controller.signal.aborted) view.status = 'cancelled';
            else {
              view.status = 'failed';
              if (error.code === 'E_INTERNAL') log?.error({ err: e, jobId: view.jobId }, 'background scan failed');
            }
            view.error = controller.signal.aborted
              ? { code: 'E_CANCELLED', message: 'The scan was cancelled.' }
              : { code: error.code, message: error.message };
          },
        )
        .then(() => {
          view.finishedAt = iso();
          prune();
          return snapshot(job);
        });
      jobs.set(view.jobId, job);
      return snapshot(job);
    },
    get: (jobId) => snapshot(need(jobId)),
    list: () =>
      [...jobs.values()]
        .sort((a, b) => Number(b.view.status === 'running') - Number(a.view.status === 'running') || b.order - a.order)
        .map(snapshot),
    cancel(jobId) {
      const job = need(jobId);
      if (job.view.status === 'running') job.controller.abort();
      return snapshot(job);
    },
    settled: (jobId) => need(jobId).done,
    async close() {
      const active = running();
      for (const job of active) job.controller.abort();
      await Promise.all(active.map((j) => j.done));
    },
  };
}
