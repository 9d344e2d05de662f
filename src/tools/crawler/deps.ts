/**
 * What the crawler's tool server is built from: the crawler service, the path guard for scan roots and the
 * background job registry.
 */
import type { CrawlerService } from '../../crawler/crawler-service.js';
import type { PathGuard } from '../../security/path-guard.js';
import type { ScanJobs } from './scan-jobs.js';

/** Inputs of `crawlerToolServer`. */
export interface CrawlerToolDeps {
  crawler: CrawlerService;
  /** Every scan root goes through it (security.files.roots). */
  files: PathGuard;
  /** Background scans (in-process; see scan-jobs.ts). */
  jobs: ScanJobs;
}
