/**
 * The dependency step of a scan (analyzer in src/crawler/deps): manifests and lockfiles are collected while
 * walking, parsed at the end, and matched against the offline advisory store when one is given.
 */
import type { AdvisoryStore } from '../deps/advisories/advisory-store.js';
import { matchAdvisories } from '../deps/match-advisories.js';
import { isDependencyFile, parseDependencies } from '../deps/parse-dependencies.js';
import type { Finding } from '../findings.js';
import type { ReportDependency } from '../report/report-schema.js';
import type { ScanWarning } from '../walk/list-files.js';

/** The dependency step of a scan. */
export interface DependencyStage {
  isManifest(path: string): boolean;
  analyze(
    files: ReadonlyArray<{ path: string; content: string }>,
    signal?: AbortSignal,
  ): Promise<{ dependencies: ReportDependency[]; findings: Finding[]; warnings?: ScanWarning[] }>;
}

/** A stage that finds nothing (`--only` without deps). */
export const noDependencyStage: DependencyStage = {
  isManifest: () => false,
  analyze: async () => ({ dependencies: [], findings: [] }),
};

/**
 * The real stage: `parseDependencies` over every manifest and lockfile, then `matchAdvisories` against `store`.
 * Without a store (or when it fails) dependencies are still listed, with no vuln-dep findings.
 */
export function createDependencyStage(store: AdvisoryStore | undefined): DependencyStage {
  return {
    isManifest: isDependencyFile,
    async analyze(files) {
      const dependencies = parseDependencies(files);
      if (!store || dependencies.length === 0) return { dependencies, findings: [] };
      try {
        return { dependencies, findings: await matchAdvisories(dependencies, store) };
      } catch (e) {
        return {
          dependencies,
          findings: [],
          warnings: [{ path: '(advisories)', reason: 'parse-failed', detail: (e as Error).message.slice(0, 300) }],
        };
      }
    },
  };
}
