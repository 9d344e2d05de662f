/**
 * Secrets at rest: AES-256-GCM envelopes for stored provider keys and webhook secrets. Every envelope names the key
 * that sealed it, so keys can rotate: new envelopes use the active key, old ones still open with retired keys until
 * they are resealed.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Ids } from '../core/deps.js';
import { AppError } from '../core/errors.js';

/** One 256-bit key with its id (kept in the envelope). */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/** Seals and opens stored secrets. */
export interface SecretBox {
  readonly activeKeyId: string;
  readonly keyIds: readonly string[];
  /**
   * Encrypt `plaintext`. `context` (e.g. `provider:openai:apiKey`) is authenticated, not stored: an envelope copied to
   * another field will not open there.
   * @example const stored = box.seal(apiKey, 'provider:openai:apiKey')
   */
  seal(plaintext: string | Uint8Array, context?: string): string;
  /** Decrypt to bytes; E_VALIDATION for a malformed envelope, E_FORBIDDEN when it fails authentication. */
  open(envelope: string, context?: string): Buffer;
  /** Decrypt to a UTF-8 string. */
  openString(envelope: string, context?: string): string;
  /** The key id an envelope names. */
  keyIdOf(envelope: string): string;
  /** True when the envelope was sealed with a key other than the active one. */
  needsRotation(envelope: string): boolean;
  /** Open with whichever key sealed it and seal again with the active key. */
  reseal(envelope: string, context?: string): string;
}

const VERSION = 'ce1';
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Build a box over `keys`; `activeKeyId` seals, every key opens.
 * @example const box = createSecretBox({ keys: keyring.keys, activeKeyId: keyring.activeKeyId, ids: deps.ids })
 */
export function createSecretBox(options: { keys: readonly SecretKey[]; activeKeyId: string; ids: Ids }): SecretBox {
  const byId = new Map<string, Buffer>();
  for (const k of options.keys) {
    if (!KEY_ID.test(k.id)) throw new AppError('E_CONFIG', `Secret key id "${k.id}" must match ${KEY_ID}.`);
    if (k.key.length !== 32) throw new AppError('E_CONFIG', `Secret key "${k.id}" must be 32 bytes (AES-256).`);
    byId.set(k.id, k.key);
  }
  const active = byId.get(options.activeKeyId);
  if (!active) throw new AppError('E_CONFIG', `The active secret key "${options.activeKeyId}" is not in the keyring.`);

  const seal = (plaintext: string | Uint8Array, context = ''): string => {
    const iv = options.ids.bytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', active, iv);
    cipher.setAAD(aad(options.activeKeyId, context));
    const body = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
    return [VERSION, options.activeKeyId, iv.toString('base64url'), Buffer.concat([body, cipher.getAuthTag()]).toString('base64url')].join(
      '.',
    );
  };

  const open = (envelope: string, context = ''): Buffer => {
    const { keyId, iv, sealed } = parse(envelope);
    const key = byId.get(keyId);
    if (!key) {
      throw new AppError('E_CONFIG', `Secret was sealed with key "${keyId}", which is not in the keyring. Restore that key to open it.`, {
        details: { keyId },
      });
    }
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad(keyId, context));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
    } catch (e) {
      throw new AppError('E_FORBIDDEN', 'Secret failed authentication: it was altered, or belongs to another context or key.', {
        cause: e,
      });
    }
  };

  return Object.freeze({
    activeKeyId: options.activeKeyId,
    keyIds: [...byId.keys()],
    seal,
    open,
    openString: (envelope: string, context?: string) => open(envelope, context).toString('utf8'),
    keyIdOf: (envelope: string) => parse(envelope).keyId,
    needsRotation: (envelope: string) => parse(envelope).keyId !== options.activeKeyId,
    reseal: (envelope: string, context?: string) => seal(open(envelope, context), context),
  });
}

/** True when `value` looks like a sealed envelope (so callers can migrate plaintext values). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}.`) && value.split('.').length === 4;
}

// The version and key id are authenticated too, so an envelope cannot be relabelled to another key.
function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}|${keyId}|${context}`, 'utf8');
}

function parse(envelope: string): { keyId: string; iv: Buffer; sealed: Buffer } {
  const parts = typeof envelope === 'string' ? envelope.split('.') : [];
  const [version, keyId, iv, sealed] = parts;
  if (parts.length !== 4 || version !== VERSION || !keyId || !KEY_ID.test(keyId) || !iv || !sealed) {
    throw new AppError('E_VALIDATION', `Not a sealed secret (expected "${VERSION}.<keyId>.<iv>.<ciphertext>").`);
  }
  const ivBytes = Buffer.from(iv, 'base64url');
  const sealedBytes = Buffer.from(sealed, 'base64url');
  if (ivBytes.length !== IV_BYTES || sealedBytes.length < TAG_BYTES) throw new AppError('E_VALIDATION', 'Sealed secret is truncated.');
  return { keyId, iv: ivBytes, sealed: sealedBytes };
}
