/**
 * The crawler as a service: scans with progress and cancellation, stored snapshots, diffs and findings.
 * Faces (CLI today; gateway operations crawler_scan / crawler_report / crawler_diff / crawler_findings later)
 * are thin wrappers over these methods.
 */
import type { CrawlerConfig } from '../core/config/crawler.js';
import type { Clock, Ids } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import type { AdvisoryStore } from './deps/advisories/advisory-store.js';
import { type Finding, type FindingKind, type Severity, severityAtLeast } from './findings.js';
import type { ScanReport } from './report/report-schema.js';
import { createDependencyStage, type DependencyStage } from './scan/dependency-stage.js';
import { runScan, type ScanControl, type ScanOptions, type ScanResult } from './scan/run-scan.js';
import { diffSnapshots, type SnapshotDiff } from './snapshots/diff-snapshots.js';
import { createSnapshotRepo, type SnapshotSummary } from './snapshots/snapshot-repo.js';

/** What the crawler service is built from. */
export interface CrawlerServiceDeps {
  db: Database;
  clock: Clock;
  ids: Ids;
  config: CrawlerConfig;
  /** code-engine's version, written into reports. */
  version: string;
  /** Offline advisories for vuln-dep findings; without it dependencies are listed only. */
  advisories?: AdvisoryStore;
  /** Override the dependency step (tests). Default: parseDependencies + matchAdvisories(advisories). */
  dependencies?: DependencyStage;
  /** Parent environment for git (HOME, LANG …); src/main passes process.env. */
  processEnv?: Readonly<Record<string, string | undefined>>;
  preferBuiltWorker?: boolean;
}

/** Filter of `findings`. */
export interface FindingFilter {
  minSeverity?: Severity;
  kind?: FindingKind;
}

/** Scans, snapshots, diffs and findings. */
export interface CrawlerService {
  /** Scan a tree and store it as a snapshot. */
  scan(options: ScanOptions, control?: ScanControl): Promise<ScanResult>;
  list(options?: { root?: string; limit?: number }): Promise<SnapshotSummary[]>;
  /** A stored snapshot's report (with its files list rebuilt from the stored rows). E_NOT_FOUND for unknown ids. */
  show(id: string): Promise<ScanReport>;
  /** What changed between two stored snapshots. */
  diff(fromId: string, toId: string): Promise<SnapshotDiff>;
  findings(id: string, filter?: FindingFilter): Promise<Finding[]>;
}

/** Build the service over the crawl_* tables. */
export function createCrawlerService(deps: CrawlerServiceDeps): CrawlerService {
  const repo = createSnapshotRepo(deps.db);
  const dependencies = deps.dependencies ?? createDependencyStage(deps.advisories);
  const need = async (id: string) => {
    const found = await repo.get(id);
    if (!found) {
      const recent = (await repo.list({ limit: 3 })).map((s) => s.id);
      throw new AppError(
        'E_NOT_FOUND',
        `No snapshot "${id}".${recent.length ? ` Recent snapshots: ${recent.join(', ')}.` : ' No scans are stored yet.'}`,
      );
    }
    return found;
  };
  return {
    scan: (options, control) =>
      runScan(
        options,
        {
          config: deps.config,
          clock: deps.clock,
          ids: deps.ids,
          version: deps.version,
          repo,
          dependencies,
          ...(deps.processEnv ? { processEnv: deps.processEnv } : {}),
          ...(deps.preferBuiltWorker ? { preferBuiltWorker: true } : {}),
        },
        control,
      ),
    list: (options) => repo.list(options),
    async show(id) {
      const { report } = await need(id);
      const files = await repo.files(id);
      const cached = await repo.getCached(files.map((f) => f.cacheKey));
      return {
        ...report,
        files: files.map((f) => {
          const callables = (cached.get(f.cacheKey)?.symbols ?? []).filter((s) => s.complexity !== undefined);
          return {
            path: f.path,
            language: f.language,
            sizeBytes: f.sizeBytes,
            contentHash: f.contentHash,
            code: f.code,
            comment: f.comment,
            blank: f.blank,
            functions: callables.length,
            maxComplexity: Math.max(0, ...callables.map((s) => s.complexity ?? 0)),
          };
        }),
      };
    },
    async diff(fromId, toId) {
      await need(fromId);
      await need(toId);
      const side = async (id: string) => ({
        id,
        files: await repo.files(id),
        findings: await repo.findings(id),
        dependencies: await repo.dependencies(id),
      });
      return diffSnapshots(await side(fromId), await side(toId));
    },
    async findings(id, filter = {}) {
      await need(id);
      return (await repo.findings(id)).filter(
        (f) => (!filter.minSeverity || severityAtLeast(f.severity, filter.minSeverity)) && (!filter.kind || f.kind === filter.kind),
      );
    },
  };
}
