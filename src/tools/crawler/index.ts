/**
 * The crawler's gateway face (`crawler_*`, REST under /api/scans): background scans with progress, stored
 * snapshots, reports, diffs and findings. Thin wrappers over src/crawler's service.
 */
import type { ToolServer } from '../../gateway/operation.js';
import type { CrawlerToolDeps } from './deps.js';
import { scanJobOps } from './scan-ops.js';
import { snapshotOps } from './snapshot-ops.js';

export type { CrawlerToolDeps } from './deps.js';
export { createScanJobs, type ScanJobs, type ScanJobsOptions } from './scan-jobs.js';

/**
 * The `crawler` tool server.
 * @example registry.register(crawlerToolServer({ crawler, files: pathGuard, jobs: createScanJobs({ crawler, clock, ids }) }))
 */
export function crawlerToolServer(deps: CrawlerToolDeps): ToolServer {
  return {
    name: 'crawler',
    title: 'Code-base crawler',
    description: 'Scan directories in the background and read stored scans: reports (JSON, Markdown, HTML, SARIF), diffs and findings.',
    operations: [...scanJobOps(deps), ...snapshotOps(deps)],
  };
}
