/**
 * `crawler_scan` as a background job, with `crawler_scan_status`, `crawler_list_jobs` and `crawler_cancel_scan`
 * to follow and stop it. The job registry is in-process: jobs do not survive a restart (their snapshots do).
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { CrawlerToolDeps } from './deps.js';
import { resolveScanDirectory } from './scan-root.js';
import { analysesSchema, type ScanJobView, scanJobSchema, scanPathSchema } from './schemas.js';

const jobId = z.string().min(1).max(100).describe('Job id returned by crawler_scan');

/** One line per job. */
export function renderJob(j: ScanJobView): string {
  const p = j.progress ? ` ${j.progress.phase} ${j.progress.filesDone}/${j.progress.filesTotal} files` : '';
  const result =
    j.status === 'succeeded'
      ? ` → snapshot ${j.snapshotId ?? '(not stored)'}, ${j.findingCount ?? 0} findings`
      : j.error
        ? ` → ${j.error.code}: ${j.error.message}`
        : '';
  return `job ${j.jobId} ${j.status}: ${j.root}${p}${result}`;
}

/** The job operations. */
export function scanJobOps(deps: CrawlerToolDeps): Operation[] {
  const { jobs } = deps;
  return [
    defineOperation({
      name: 'crawler_scan',
      title: 'Start a repository scan',
      description:
        'Start scanning a directory in the background (lines, symbols, duplicates, secrets, SAST, dependencies, git history) and store the ' +
        'result as a snapshot. Returns a job id at once: poll crawler_scan_status for progress and the snapshot id, then read it with ' +
        'crawler_report or crawler_findings. At most 2 scans run at once; jobs are kept in memory and forgotten at restart.',
      input: z.object({
        path: scanPathSchema,
        analyses: analysesSchema.optional(),
        includeSymbols: z.boolean().default(false).describe('Keep per-file symbols and imports in the stored report (larger)'),
      }),
      output: scanJobSchema,
      permission: 'crawler:scan',
      // The scanned tree is only read; the stored snapshot is code-engine's own record (docs/crawler.md#faces).
      effects: 'read',
      idempotent: false,
      http: { method: 'POST', path: '/api/scans' },
      example: { path: 'services/api', analyses: ['secrets', 'sast', 'deps'] },
      render: (j) => `${renderJob(j)}\nPoll crawler_scan_status with jobId ${j.jobId}.`,
      run: async (input, ctx) => {
        const root = await resolveScanDirectory(deps.files, input.path);
        return jobs.start(
          { root, ...(input.analyses ? { analyses: input.analyses } : {}), includeSymbols: input.includeSymbols },
          ctx.principal.id,
          ctx.log,
        );
      },
    }),
    defineOperation({
      name: 'crawler_scan_status',
      title: 'Scan job status',
      description:
        'Status of a background scan: running with progress (files done of files listed), or finished with its snapshot id or error.',
      input: z.object({ jobId }),
      output: scanJobSchema,
      permission: 'crawler:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/scans/jobs/:jobId' },
      example: { jobId: '0b7d6f7e-2f4c-4a43-9c3e-1f0d7c1f9a11' },
      render: renderJob,
      run: async (input) => jobs.get(input.jobId),
    }),
    defineOperation({
      name: 'crawler_list_jobs',
      title: 'List scan jobs',
      description: 'Background scans of this process: running ones first, then the 100 most recent finished ones.',
      input: z.object({ status: scanJobSchema.shape.status.optional().describe('Only jobs in this state') }),
      output: z.object({ jobs: z.array(scanJobSchema) }),
      permission: 'crawler:read',
      effects: 'read',
      http: { method: 'GET', path: '/api/scans/jobs' },
      render: (o) => o.jobs.map(renderJob).join('\n') || 'No scan jobs.',
      run: async (input) => ({ jobs: jobs.list().filter((j) => !input.status || j.status === input.status) }),
    }),
    defineOperation({
      name: 'crawler_cancel_scan',
      title: 'Cancel a scan job',
      description: 'Stop a running background scan; it ends as "cancelled" and stores nothing. A finished job is returned unchanged.',
      input: z.object({ jobId }),
      output: scanJobSchema,
      permission: 'crawler:scan',
      effects: 'write',
      idempotent: true,
      http: { method: 'POST', path: '/api/scans/jobs/:jobId/cancel' },
      example: { jobId: '0b7d6f7e-2f4c-4a43-9c3e-1f0d7c1f9a11' },
      render: renderJob,
      run: async (input) => jobs.cancel(input.jobId),
    }),
  ];
}
