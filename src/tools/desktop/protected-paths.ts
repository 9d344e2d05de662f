/**
 * The paths the desktop tools must never read, list, write or move even when a file root contains them: the config
 * file in use and the ones `code-engine` would discover at the next start, the data dir (database, keys, archives),
 * the secrets keyring, JWT keys, the SQLite file, policy rule files, and `desktop.protectedPaths`. Writing any of these
 * would let a model change its own limits (self-escalation); reading them would leak keys.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILES } from '../../core/config/load.js';
import type { Config } from '../../core/config/schema.js';
import { isPostgresUrl, sqlitePath } from '../../db/database.js';

export interface ProtectedPathsInput {
  config: Config;
  /** The config file loaded at start, if any. */
  configFile: string | undefined;
  /** The working directory config files are discovered in (and policy.rulesFiles are relative to). */
  cwd: string;
}

/**
 * Absolute paths, deduplicated; they need not exist (a config file created later must stay out of reach).
 * @example desktopToolServer({ ..., protectedPaths: protectedPaths({ config, configFile: loaded.file, cwd: process.cwd() }) })
 */
export function protectedPaths(input: ProtectedPathsInput): string[] {
  const { config, cwd } = input;
  const dataDir = resolve(cwd, config.dataDir);
  const paths = [
    ...(input.configFile ? [resolve(cwd, input.configFile)] : []),
    ...DEFAULT_CONFIG_FILES.map((f) => resolve(cwd, f)),
    dataDir,
    resolve(dataDir, config.security.secrets.keyringPath ?? join(dataDir, 'secrets.key')),
    resolve(dataDir, config.auth.keysDir ?? 'keys'),
    resolve(dataDir, config.audit.archiveDir ?? 'audit-archive'),
    ...policyRuleFiles(config).map((f) => resolve(cwd, f)),
    ...config.desktop.protectedPaths.map((p) => resolve(dataDir, p)),
  ];
  if (!isPostgresUrl(config.database.url)) {
    const db = sqlitePath(config.database.url, dataDir);
    if (db !== ':memory:') paths.push(db, `${db}-wal`, `${db}-shm`, `${db}-journal`);
  }
  return [...new Set(paths)];
}

/** policy.rulesFiles, read defensively: the policy section is optional for this module. */
function policyRuleFiles(config: Config): readonly string[] {
  const policy = (config as { policy?: { rulesFiles?: unknown } }).policy;
  return Array.isArray(policy?.rulesFiles) ? policy.rulesFiles.filter((f): f is string => typeof f === 'string') : [];
}
