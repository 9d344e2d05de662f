/**
 * What the security tool server is built from: the crawler service, the path guard every path argument goes
 * through, the offline advisory store and the crawler's file limits.
 */
import type { CrawlerService } from '../../crawler/crawler-service.js';
import type { AdvisoryStore } from '../../crawler/deps/advisories/advisory-store.js';
import type { PathGuard } from '../../security/path-guard.js';

/** Inputs of `securityToolServer`. */
export interface SecurityToolDeps {
  crawler: CrawlerService;
  /** Every path argument goes through it (security.files.roots). */
  files: PathGuard;
  /** OSV advisories (imported with `code-engine advisories import`); without it dependencies are listed only. */
  advisories?: AdvisoryStore;
  /** Largest file security_scan_file reads, in bytes (crawler.maxFileBytes). */
  maxFileBytes: number;
  /** Largest file SAST parses, in bytes (crawler.parseMaxBytes). */
  parseMaxBytes: number;
}
