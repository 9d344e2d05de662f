/**
 * Loads the effective configuration: defaults < config file < CODE_ENGINE_* env < CLI flags.
 * Invalid input fails with one E_CONFIG error naming each bad key, the problem and where the value came from.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { isSecretKey } from '../../security/redact.js';
import { AppError, type FieldIssue } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { type Config, configSchema } from './schema.js';
import { objectShape, schemaAt, unwrap } from './schema-walk.js';
import { mergeRaw, type RawConfig, readConfigFile, readEnv, readOverrides, type SourceMap } from './sources.js';

/** Files looked for in the working directory when no --config/CODE_ENGINE_CONFIG is given. */
export const DEFAULT_CONFIG_FILES = ['code-engine.yaml', 'code-engine.yml', 'code-engine.toml'];

export interface LoadConfigOptions {
  /** Environment to read CODE_ENGINE_* from (src/main passes process.env). */
  env?: Record<string, string | undefined>;
  /** Directory for relative paths and config discovery. */
  cwd?: string;
  /** Path given by --config; otherwise CODE_ENGINE_CONFIG; otherwise discovery. */
  configPath?: string;
  /** CLI overrides: dotted key → raw string. */
  overrides?: Record<string, string>;
}

export interface LoadedConfig {
  config: Config;
  /** The config file used, if any. */
  file: string | undefined;
  /** Where each leaf value came from (keys absent here are defaults). */
  sources: SourceMap;
}

/** Load, merge and validate the configuration. Throws AppError E_CONFIG on any problem. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? {};
  const cwd = options.cwd ?? '.';
  const schema = configSchema;
  const explicit = options.configPath ?? env.CODE_ENGINE_CONFIG;
  const file = explicit ? resolve(cwd, explicit) : DEFAULT_CONFIG_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));

  const fileSource = file ? readConfigFile(file, schema) : { values: {}, sources: new Map<string, string>() };
  const envSource = readEnv(env, schema);
  const flagSource = readOverrides(options.overrides ?? {}, schema);
  const merged = mergeRaw(fileSource.values, envSource.values, flagSource.values);
  const sources: SourceMap = new Map([...fileSource.sources, ...envSource.sources, ...flagSource.sources]);

  const parsed = schema.safeParse(merged);
  if (!parsed.success) throw configError(parsed.error, merged, sources, schema, file);
  const config = parsed.data;
  config.dataDir = resolve(cwd, config.dataDir);
  return { config: deepFreeze(config), file, sources };
}

function configError(error: z.ZodError, merged: RawConfig, sources: SourceMap, schema: z.ZodType, file: string | undefined): AppError {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const parent = schemaAt(schema, path);
      const known = Object.keys((parent && objectShape(parent)) ?? {});
      for (const key of issue.keys) {
        const full = [...path, key].join('.');
        issues.push({
          path: full,
          message: `unknown key.${didYouMean(key, known)}${where(sources, [...path, key], file)}`,
        });
      }
      continue;
    }
    // A value is hidden when its field, any field above it, or its key name marks a secret (e.g. webhooks[0].secret).
    const isSecret = path.some((_, i) => {
      const node = schemaAt(schema, path.slice(0, i + 1));
      return (node ? unwrap(node).secret : false) || isSecretKey(path[i] ?? '');
    });
    const got = valueAt(merged, path);
    const shown = isSecret || got === undefined ? '' : ` (got ${JSON.stringify(got)?.slice(0, 80)})`;
    issues.push({ path: path.join('.') || '(root)', message: `${issue.message}${shown}${where(sources, path, file)}` });
  }
  const lines = issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n');
  return new AppError('E_CONFIG', `Invalid configuration:\n${lines}`, { issues, cause: error });
}

function where(sources: SourceMap, path: readonly string[], file: string | undefined): string {
  for (let n = path.length; n > 0; n--) {
    const source = sources.get(path.slice(0, n).join('.'));
    if (source) return `, from ${source}`;
  }
  return file ? `, in ${file}` : '';
}

function valueAt(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as RawConfig)[key];
  }
  return cur;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
