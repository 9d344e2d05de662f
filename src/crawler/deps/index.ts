/**
 * Dependency analysis: manifests and lockfiles of npm, PyPI, Go, crates.io, Maven and RubyGems projects,
 * and offline matching against OSV advisories kept in the database.
 */

export type {
  AdvisoryImportResult,
  AdvisoryListOptions,
  AdvisoryStore,
  AdvisorySummary,
  PackageKey,
} from './advisories/advisory-store.js';
export { createMemoryAdvisoryStore } from './advisories/advisory-store.js';
export { fixedVersionFor, inRange, isAffected } from './advisories/affected.js';
export { createAdvisoryStore } from './advisories/db-advisory-store.js';
export type { Advisory, AdvisoryFileProblem, AffectedPackage, OsvDocument, OsvRange } from './advisories/osv.js';
export { osvSchema, parseOsvFiles } from './advisories/osv.js';
export { normalizePackageName } from './advisories/package-name.js';
export { matchAdvisories } from './match-advisories.js';
export { advisoryMigrations } from './migrations.js';
export { isDependencyFile, parseDependencies } from './parse-dependencies.js';
export type { Dependency, DependencyFile, Ecosystem } from './types.js';
export { ECOSYSTEMS } from './types.js';
export { compareVersions, isValidVersion } from './versions/compare.js';
export { comparePep440, normalizePep440 } from './versions/pep440.js';
