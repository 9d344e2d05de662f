/**
 * Reads raw configuration from its sources: a YAML/TOML file, CODE_ENGINE_* variables, CLI overrides.
 * Each returns a plain nested object plus where each leaf came from, for error messages.
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { type ConfigLeaf, configLeaves, envName, objectShape, schemaAt, unwrap } from './schema-walk.js';

export type RawConfig = Record<string, unknown>;
/** Leaf path (dotted) → where its value came from ("defaults", a file path, an env var, a CLI flag). */
export type SourceMap = Map<string, string>;

export interface RawSource {
  values: RawConfig;
  sources: SourceMap;
}

/** Environment variables under our prefix that are not config keys. */
const RESERVED_ENV = new Set([
  'CODE_ENGINE_CONFIG',
  'CODE_ENGINE_API_KEY',
  'CODE_ENGINE_URL',
  'CODE_ENGINE_ADMIN_PASSWORD',
  'CODE_ENGINE_ADMIN_PASSWORD_FILE',
]);
/** Friendly aliases named by the docs. */
export const ENV_ALIASES: Record<string, string> = {
  CODE_ENGINE_ADMIN_PASSWORD: 'auth.adminPassword',
};

const isPlainObject = (v: unknown): v is RawConfig => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read and parse a config file (.yaml/.yml/.toml/.json); syntax errors name file, line and column. */
export function readConfigFile(file: string, schema: z.ZodType): RawSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new AppError('E_CONFIG', `Cannot read config file ${file}: ${code === 'ENOENT' ? 'no such file' : code}.`, { cause });
  }
  const ext = extname(file).toLowerCase();
  let parsed: unknown;
  try {
    if (ext === '.toml') parsed = parseToml(text);
    else if (ext === '.json') parsed = JSON.parse(text);
    else parsed = parseYaml(text, { prettyErrors: true, uniqueKeys: true }) ?? {};
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new AppError(
      'E_CONFIG',
      `Config file ${file} is not valid ${ext === '.toml' ? 'TOML' : ext === '.json' ? 'JSON' : 'YAML'}: ${reason}`,
      {
        cause,
      },
    );
  }
  if (!isPlainObject(parsed)) throw new AppError('E_CONFIG', `Config file ${file} must contain a mapping of keys at the top level.`);
  const values = resolveSecretFiles(parsed, schema, [], dirname(file), file);
  const sources: SourceMap = new Map();
  recordSources(values, file, [], sources);
  return { values, sources };
}

/** `apiKeyFile: /run/secrets/x` next to a secret key `apiKey` becomes `apiKey: <file content>`. */
function resolveSecretFiles(obj: RawConfig, schema: z.ZodType, path: string[], baseDir: string, label: string): RawConfig {
  const out: RawConfig = {};
  const shape = objectShape(schema);
  for (const [key, value] of Object.entries(obj)) {
    const child = shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (child && isPlainObject(value) && objectShape(child)) {
      out[key] = resolveSecretFiles(value, child, [...path, key], baseDir, label);
      continue;
    }
    const target = key.endsWith('File') ? key.slice(0, -4) : undefined;
    const targetSchema = target && shape && Object.hasOwn(shape, target) ? shape[target] : undefined;
    if (!child && target && targetSchema && unwrap(targetSchema).secret && typeof value === 'string') {
      out[target] = readSecretFile(resolve(baseDir, value), `${[...path, key].join('.')} in ${label}`);
      continue;
    }
    out[key] = value;
  }
  return out;
}

/** Read a secret from a file, dropping one trailing newline (as Docker/Kubernetes secrets are written). */
export function readSecretFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (cause) {
    throw new AppError('E_CONFIG', `Cannot read the secret file named by ${what}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`, {
      cause,
    });
  }
}

/** CODE_ENGINE_* variables mapped onto config paths; unknown ones are errors with a suggestion. */
export function readEnv(env: Record<string, string | undefined>, schema: z.ZodType): RawSource {
  const leaves = configLeaves(schema);
  const byName = new Map<string, ConfigLeaf>(leaves.map((leaf) => [envName(leaf.path), leaf]));
  const values: RawConfig = {};
  const sources: SourceMap = new Map();
  const unknown: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('CODE_ENGINE_') || raw === undefined) continue;
    if (name.startsWith('CODE_ENGINE_TEST_')) continue;
    const fromFile = name.endsWith('_FILE') && !byName.has(name);
    const base = fromFile ? name.slice(0, -5) : name;
    const aliasPath = ENV_ALIASES[base];
    const leaf = aliasPath ? leaves.find((l) => l.path.join('.') === aliasPath) : byName.get(base);
    if (!leaf) {
      if (!RESERVED_ENV.has(name)) unknown.push(name);
      continue;
    }
    if (fromFile && !leaf.secret) {
      unknown.push(name);
      continue;
    }
    const text = fromFile ? readSecretFile(raw, name) : raw;
    setPath(values, leaf.path, fromFile ? text : parseLeafValue(leaf, text));
    sources.set(leaf.path.join('.'), `environment variable ${name}`);
  }
  if (unknown.length > 0) {
    const names = [...byName.keys()];
    throw new AppError(
      'E_CONFIG',
      `Unknown configuration environment variable${unknown.length > 1 ? 's' : ''}: ${unknown
        .map((n) => `${n}.${didYouMean(n, names)}`)
        .join(' ')}`,
      { issues: unknown.map((n) => ({ path: n, message: 'unknown environment variable' })) },
    );
  }
  return { values, sources };
}

/** CLI overrides: dotted path → raw string, as given by `--set a.b=c` or named flags. */
export function readOverrides(overrides: Record<string, string>, schema: z.ZodType, label = 'command-line flag'): RawSource {
  const values: RawConfig = {};
  const sources: SourceMap = new Map();
  for (const [dotted, raw] of Object.entries(overrides)) {
    const path = dotted.split('.');
    const node = schemaAt(schema, path);
    if (!node || objectShape(node)) {
      const parent = schemaAt(schema, path.slice(0, -1));
      const keys = parent ? Object.keys(objectShape(parent) ?? {}) : [];
      throw new AppError('E_CONFIG', `Unknown configuration key "${dotted}" (${label}).${didYouMean(path.at(-1) ?? '', keys)}`, {
        issues: [{ path: dotted, message: 'unknown key' }],
      });
    }
    const [leaf] = configLeaves(node, path);
    if (leaf) setPath(values, path, parseLeafValue(leaf, raw));
    sources.set(dotted, `${label} ${dotted}`);
  }
  return { values, sources };
}

/**
 * Turn a string from env or CLI into the leaf's type. A value that does not parse stays a string,
 * so the schema reports a type error that names the key.
 */
export function parseLeafValue(leaf: ConfigLeaf, raw: string): unknown {
  switch (leaf.kind) {
    case 'number': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
    }
    case 'boolean': {
      const v = raw.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      return raw;
    }
    case 'json': {
      const t = raw.trim();
      if (t.startsWith('[') || t.startsWith('{')) {
        try {
          return JSON.parse(t);
        } catch {
          return raw;
        }
      }
      return t === '' ? [] : t.split(',').map((s) => s.trim());
    }
    default:
      return raw;
  }
}

function setPath(obj: RawConfig, path: readonly string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    if (!isPlainObject(cur[key])) cur[key] = {};
    cur = cur[key] as RawConfig;
  }
  const last = path.at(-1);
  if (last !== undefined) cur[last] = value;
}

function recordSources(obj: RawConfig, label: string, path: string[], sources: SourceMap): void {
  for (const [key, value] of Object.entries(obj)) {
    if (isPlainObject(value)) recordSources(value, label, [...path, key], sources);
    sources.set([...path, key].join('.'), label);
  }
}

/** Deep merge: later sources win; arrays and scalars are replaced, objects merged. */
export function mergeRaw(...layers: RawConfig[]): RawConfig {
  const out: RawConfig = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const prev = out[key];
      out[key] = isPlainObject(prev) && isPlainObject(value) ? mergeRaw(prev, value) : value;
    }
  }
  return out;
}
