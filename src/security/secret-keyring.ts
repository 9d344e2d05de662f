/**
 * Where the secrets-at-rest keys come from: a key in config (`security.secrets.key`) and/or a key file in the data
 * dir, created with mode 0600 on first start. The file holds every key ever active, so rotation keeps old envelopes
 * readable until they are resealed.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Clock, Ids } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { SecretKey } from './secret-box.js';

/** The keys and which one seals. */
export interface Keyring {
  keys: SecretKey[];
  activeKeyId: string;
  /** True when this call created the key file. */
  createdFile: boolean;
}

export interface KeyringOptions {
  /** Path of the key file (default in config: <dataDir>/secrets.key). */
  keyFile: string;
  /** `security.secrets.key`: 32 bytes as base64 or hex, optionally prefixed `id:`. Becomes the active key. */
  configKey?: string | undefined;
  ids: Ids;
  clock: Clock;
}

const fileSchema = z.object({
  version: z.literal(1),
  active: z.string(),
  keys: z.array(z.object({ id: z.string(), key: z.string(), createdAt: z.string().optional() })).min(1),
});
type KeyFile = z.infer<typeof fileSchema>;

/**
 * Load the keyring, creating the key file (0600, atomically) when there is neither a file nor a configured key.
 * @example const ring = loadOrCreateKeyring({ keyFile: join(config.dataDir, 'secrets.key'), configKey: config.security.secrets.key, ids, clock })
 */
export function loadOrCreateKeyring(options: KeyringOptions): Keyring {
  const fromConfig = options.configKey ? parseConfiguredKey(options.configKey) : undefined;
  let file = readKeyFile(options.keyFile);
  let createdFile = false;
  if (!file && !fromConfig) {
    file = createKeyFile(options.keyFile, newFileKey(options.ids, options.clock));
    createdFile = true;
  }
  const keys: SecretKey[] = (file?.keys ?? []).map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') }));
  if (fromConfig) {
    const clash = keys.find((k) => k.id === fromConfig.id && !k.key.equals(fromConfig.key));
    if (clash)
      throw new AppError('E_CONFIG', `security.secrets.key: id "${fromConfig.id}" is already used by another key in the key file.`);
    if (!keys.some((k) => k.id === fromConfig.id)) keys.push(fromConfig);
  }
  return { keys, activeKeyId: fromConfig?.id ?? file!.active, createdFile };
}

/**
 * Add a new key to the key file and make it active; old keys stay for opening old envelopes. Returns the new key id.
 * Reseal stored secrets afterwards (`SecretBox.reseal`), then old keys may be removed from the file by hand.
 */
export function rotateKeyFile(options: Omit<KeyringOptions, 'configKey'>): string {
  const file = readKeyFile(options.keyFile);
  if (!file) throw new AppError('E_NOT_FOUND', `No key file at ${options.keyFile} to rotate.`);
  const next = newFileKey(options.ids, options.clock);
  const updated: KeyFile = { version: 1, active: next.id, keys: [...file.keys, next] };
  const temp = `${options.keyFile}.${options.ids.bytes(4).toString('hex')}.tmp`;
  writePrivate(temp, updated);
  renameSync(temp, options.keyFile);
  return next.id;
}

/** Parse `security.secrets.key`: `[id:]<32 bytes as base64, base64url or hex>`. */
export function parseConfiguredKey(value: string): SecretKey {
  const colon = value.indexOf(':');
  const explicitId = colon > 0 && colon <= 64 ? value.slice(0, colon) : undefined;
  const material = (explicitId ? value.slice(colon + 1) : value).trim();
  const key = /^[0-9a-fA-F]{64}$/.test(material) ? Buffer.from(material, 'hex') : Buffer.from(material, 'base64');
  if (key.length !== 32) {
    throw new AppError('E_CONFIG', 'security.secrets.key must be 32 random bytes as base64 or hex (e.g. `openssl rand -base64 32`).');
  }
  const id = explicitId ?? `cfg-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
  return { id, key };
}

function newFileKey(ids: Ids, clock: Clock): KeyFile['keys'][number] {
  return { id: `k-${ids.bytes(4).toString('hex')}`, key: ids.bytes(32).toString('base64'), createdAt: new Date(clock.now()).toISOString() };
}

function readKeyFile(path: string): KeyFile | undefined {
  let text: string;
  try {
    const st = statSync(path);
    // Like ssh with private keys: refuse a key file others can read.
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new AppError(
        'E_CONFIG',
        `Key file ${path} is accessible by other users (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 on it.`,
      );
    }
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e instanceof AppError ? e : new AppError('E_CONFIG', `Cannot read key file ${path}.`, { cause: e });
  }
  const parsed = fileSchema.safeParse(safeJson(text));
  if (!parsed.success || !parsed.data.keys.some((k) => k.id === parsed.data.active)) {
    throw new AppError('E_CONFIG', `Key file ${path} is not a valid keyring (version 1 with an active key).`);
  }
  return parsed.data;
}

/** Create the file only if absent: write a private temp file, then link it into place (fails if another process won). */
function createKeyFile(path: string, key: KeyFile['keys'][number]): KeyFile {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const content: KeyFile = { version: 1, active: key.id, keys: [key] };
  const temp = `${path}.${key.id}.tmp`;
  writePrivate(temp, content);
  try {
    linkSync(temp, path);
    return content;
  } catch (e) {
    if ((e as { code?: string }).code !== 'EEXIST') throw new AppError('E_CONFIG', `Cannot create key file ${path}.`, { cause: e });
    return readKeyFile(path)!;
  } finally {
    unlinkSync(temp);
  }
}

function writePrivate(path: string, content: KeyFile): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
