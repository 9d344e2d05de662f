/**
 * JWT signing keys: generated into the keys directory (files 0600, directory 0700) or loaded from
 * auth.signingKey. Rotation keeps retired keys for verification until every token they signed has expired.
 */
import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, type JWK } from 'jose';
import type { Clock } from '../core/deps.js';
import { AppError } from '../core/errors.js';

/** Signing algorithms code-engine issues tokens with. */
export type SigningAlgorithm = 'EdDSA' | 'ES256';

/** One key of the ring. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  /** Absent for keys only kept to verify. */
  privateKey: CryptoKey | undefined;
  publicKey: CryptoKey;
  publicJwk: JWK;
  createdAt: number;
  retiredAt: number | undefined;
}

/** The keys in use. */
export interface KeyRing {
  /** The key new tokens are signed with. */
  active(): SigningKey;
  /** Key by `kid`; re-reads the keys directory (at most every 10 s) before giving up, so rotations elsewhere are seen. */
  resolve(kid: string): Promise<SigningKey | undefined>;
  /** Algorithms of the keys held (verification accepts only these). */
  algorithms(): SigningAlgorithm[];
  /** The public JWK set served at /.well-known/jwks.json. */
  jwks(): { keys: JWK[] };
  /** Generate a new active key; the previous one is retired and kept for verification. */
  rotate(): Promise<SigningKey>;
  /** Re-read the keys directory when it was last read over a minute ago (signing calls this, so a rotation by the CLI is picked up). */
  refreshIfStale(): Promise<void>;
}

/** Where keys come from. */
export interface KeyRingOptions {
  dir: string;
  algorithm: SigningAlgorithm;
  /** PKCS#8 PEM from auth.signingKey: signs new tokens; the directory's keys stay valid for verification. */
  configuredPem: string | undefined;
  clock: Clock;
  /** Longest token lifetime (refresh tokens): how long a retired key must stay verifiable. */
  retainSec: number;
}

interface KeyFile {
  kid: string;
  alg: SigningAlgorithm;
  createdAt: string;
  retiredAt?: string;
  privateJwk: JWK;
}

const RELOAD_INTERVAL_MS = 10_000;
const STALE_AFTER_MS = 60_000;

async function fromPrivateJwk(file: KeyFile): Promise<SigningKey> {
  const privateKey = (await importJWK(file.privateJwk, file.alg)) as CryptoKey;
  const { d: _d, ...publicJwk } = file.privateJwk;
  const publicKey = (await importJWK(publicJwk, file.alg)) as CryptoKey;
  return {
    kid: file.kid,
    alg: file.alg,
    privateKey,
    publicKey,
    publicJwk: { ...publicJwk, kid: file.kid, alg: file.alg, use: 'sig' },
    createdAt: Date.parse(file.createdAt),
    retiredAt: file.retiredAt ? Date.parse(file.retiredAt) : undefined,
  };
}

async function generateFile(alg: SigningAlgorithm, now: number): Promise<KeyFile> {
  const pair = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519', extractable: true } : { extractable: true });
  const privateJwk = await exportJWK(pair.privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  return { kid, alg, createdAt: new Date(now).toISOString(), privateJwk };
}

async function writeKeyFile(dir: string, file: KeyFile): Promise<void> {
  const path = join(dir, `${file.kid}.json`);
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

async function readKeyFiles(dir: string): Promise<KeyFile[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'));
  const files: KeyFile[] = [];
  for (const name of names) {
    try {
      files.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as KeyFile);
    } catch {
      // A half-written or foreign file is skipped; the next reload sees it once complete.
    }
  }
  return files;
}

async function fromPem(pem: string, alg: SigningAlgorithm, now: number): Promise<SigningKey> {
  let privateKey: CryptoKey;
  try {
    privateKey = await importPKCS8(pem, alg, { extractable: true });
  } catch (cause) {
    throw new AppError('E_CONFIG', `auth.signingKey is not a PKCS#8 PEM private key for ${alg}.`, { cause });
  }
  const { d: _d, ...publicJwk } = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const publicKey = (await importJWK(publicJwk, alg)) as CryptoKey;
  return { kid, alg, privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg, use: 'sig' }, createdAt: now, retiredAt: undefined };
}

/**
 * Load the ring, generating a first key when none fits. Files that are past retention are deleted.
 * @example const ring = await loadKeyRing({ dir, algorithm: 'EdDSA', configuredPem: undefined, clock, retainSec: 2_592_000 })
 */
export async function loadKeyRing(options: KeyRingOptions): Promise<KeyRing> {
  const { dir, algorithm, clock } = options;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const configured = options.configuredPem ? await fromPem(options.configuredPem, algorithm, clock.now()) : undefined;
  let keys = new Map<string, SigningKey>();
  let lastReload = 0;

  const reload = async () => {
    lastReload = clock.now();
    const next = new Map<string, SigningKey>();
    for (const file of await readKeyFiles(dir)) {
      const retiredAt = file.retiredAt ? Date.parse(file.retiredAt) : undefined;
      if (retiredAt !== undefined && retiredAt + options.retainSec * 1000 < clock.now()) {
        await rm(join(dir, `${file.kid}.json`), { force: true });
        continue;
      }
      next.set(file.kid, await fromPrivateJwk(file));
    }
    if (configured) next.set(configured.kid, configured);
    keys = next;
  };
  const newestActive = () =>
    configured ??
    [...keys.values()].filter((k) => k.retiredAt === undefined && k.alg === algorithm).sort((a, b) => b.createdAt - a.createdAt)[0];

  await reload();
  if (!newestActive()) {
    const file = await generateFile(algorithm, clock.now());
    await writeKeyFile(dir, file);
    keys.set(file.kid, await fromPrivateJwk(file));
  }

  return {
    active() {
      const key = newestActive();
      if (!key) throw new AppError('E_INTERNAL', 'No active signing key.');
      return key;
    },
    async resolve(kid) {
      const known = keys.get(kid);
      if (known || clock.now() - lastReload < RELOAD_INTERVAL_MS) return known;
      await reload();
      return keys.get(kid);
    },
    async refreshIfStale() {
      if (clock.now() - lastReload >= STALE_AFTER_MS) await reload();
    },
    algorithms: () => [...new Set([...keys.values()].map((k) => k.alg))],
    jwks: () => ({ keys: [...keys.values()].map((k) => k.publicJwk) }),
    async rotate() {
      if (configured) throw new AppError('E_CONFLICT', 'The signing key comes from auth.signingKey; rotate it there.');
      const now = clock.now();
      for (const file of await readKeyFiles(dir)) {
        if (file.retiredAt === undefined) await writeKeyFile(dir, { ...file, retiredAt: new Date(now).toISOString() });
      }
      const file = await generateFile(algorithm, now + 1);
      await writeKeyFile(dir, file);
      await reload();
      return keys.get(file.kid) as SigningKey;
    },
  };
}
