/**
 * Integration point of the dependency analyzer (src/crawler/deps): which files are manifests or lockfiles,
 * and how their dependencies and advisory findings are computed at the end of a scan.
 */
import type { Finding } from '../findings.js';
import type { ReportDependency } from '../report/report-schema.js';

/** The dependency step of a scan. */
export interface DependencyStage {
  isManifest(path: string): boolean;
  analyze(
    files: ReadonlyArray<{ path: string; content: string }>,
    signal?: AbortSignal,
  ): Promise<{ dependencies: ReportDependency[]; findings: Finding[] }>;
}

/**
 * A stage that finds nothing: used until src/crawler/deps is wired in.
 * TODO(#7): replace with `isDependencyFile` + `parseDependencies` + `matchAdvisories(deps, advisoryStore)`.
 */
export const noDependencyStage: DependencyStage = {
  isManifest: () => false,
  analyze: async () => ({ dependencies: [], findings: [] }),
};
