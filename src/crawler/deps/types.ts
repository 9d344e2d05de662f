/**
 * The dependency model shared by the manifest/lockfile parsers, the advisory store and the matcher.
 * Ecosystem names are OSV's, so advisories and dependencies meet without translation.
 */

/** Package ecosystems understood here, spelled as in OSV's `affected[].package.ecosystem`. */
export const ECOSYSTEMS = ['npm', 'PyPI', 'Go', 'crates.io', 'Maven', 'RubyGems'] as const;

/** A package ecosystem, spelled as in OSV. */
export type Ecosystem = (typeof ECOSYSTEMS)[number];

/** One dependency declared in a manifest or resolved in a lockfile. */
export interface Dependency {
  ecosystem: Ecosystem;
  /** Package name as the ecosystem spells it (Maven: "group:artifact"; Go: module path). */
  name: string;
  /** The exact resolved or pinned version, when known (lockfile entry, `==1.2.3`, go.mod). */
  version?: string;
  /** The declared requirement when it is a range, e.g. "^4.17.0", ">=2,<3", "~> 6.1". */
  spec?: string;
  /** True when the project names it itself; false when it only comes in through another package. */
  direct: boolean;
  /** Development/test-only dependency (devDependencies, dev-dependencies, test scope, …). */
  dev?: boolean;
  /** The manifest or lockfile it was read from, relative to the scan root with "/" separators. */
  file: string;
  /** 1-based line of its declaration in `file`, when found. */
  line?: number;
}

/** A file handed to the parsers: path relative to the scan root, and its text. */
export interface DependencyFile {
  path: string;
  content: string;
}
