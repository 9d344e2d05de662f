/**
 * A project as the supply-chain tools see it: the manifests and lockfiles at the top of one directory (read
 * through the path guard), their dependencies as the crawler parses them, and the npm lockfile in detail.
 */
import { join } from 'node:path';
import { AppError } from '../../core/errors.js';
import { isDependencyFile, parseDependencies } from '../../crawler/deps/parse-dependencies.js';
import type { Dependency, DependencyFile } from '../../crawler/deps/types.js';
import type { PathGuard } from '../../security/path-guard.js';
import { resolveScanDirectory } from '../crawler/scan-root.js';
import { type NpmLockfile, parseJsonObject, parseNpmLockfile } from './npm-lockfile.js';

/** Lockfiles and manifests can be large (a monorepo's package-lock.json runs to tens of MB). */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** The dependency files of one directory. */
export interface Project {
  /** Real path of the directory. */
  root: string;
  /** Manifests and lockfiles found at its top (path = file name). */
  files: DependencyFile[];
  /** package.json, parsed. */
  manifest?: Record<string, unknown>;
  /** npm-shrinkwrap.json, else package-lock.json, parsed. */
  npmLock?: NpmLockfile;
  /** Every dependency the crawler's parsers find in `files`. */
  dependencies: Dependency[];
}

/**
 * Read the project at `path` (a directory inside the roots). E_NOT_FOUND when it holds no manifest or lockfile,
 * E_VALIDATION when package.json or the npm lockfile is not JSON.
 * @example const project = await loadProject(files, 'services/api')
 */
export async function loadProject(files: PathGuard, path: string): Promise<Project> {
  const root = await resolveScanDirectory(files, path);
  const names = (await files.readDir(root))
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && isDependencyFile(e.name))
    .map((e) => e.name)
    .sort();
  if (names.length === 0)
    throw new AppError(
      'E_NOT_FOUND',
      `No manifest or lockfile in "${path}" (looked for package.json, package-lock.json, yarn.lock, pnpm-lock.yaml, requirements*.txt, pyproject.toml, go.mod, Cargo.toml, pom.xml, Gemfile.lock …).`,
    );
  const read: DependencyFile[] = await Promise.all(
    names.map(async (name) => ({
      path: name,
      content: (await files.readFile(join(root, name), { maxBytes: MAX_MANIFEST_BYTES })).toString('utf8'),
    })),
  );
  const text = (name: string) => read.find((f) => f.path === name)?.content;
  const manifestText = text('package.json');
  const manifest = manifestText !== undefined ? parseJsonObject('package.json', manifestText) : undefined;
  const lockName = ['npm-shrinkwrap.json', 'package-lock.json'].find((n) => text(n) !== undefined);
  const npmLock = lockName ? parseNpmLockfile(lockName, text(lockName) as string, manifest) : undefined;
  return {
    root,
    files: read,
    ...(manifest ? { manifest } : {}),
    ...(npmLock ? { npmLock } : {}),
    dependencies: parseDependencies(read),
  };
}

/** The package.json of an installed package (node_modules metadata), or undefined when absent or unreadable. */
export async function readInstalledManifest(files: PathGuard, root: string, key: string): Promise<Record<string, unknown> | undefined> {
  try {
    const bytes = await files.readFile(join(root, key, 'package.json'), { maxBytes: 1_048_576 });
    return parseJsonObject(`${key}/package.json`, bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
