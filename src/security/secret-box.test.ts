import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Clock, systemIds } from '../core/deps.js';
import { createSecretBox, isSealed } from './secret-box.js';
import { loadOrCreateKeyring, parseConfiguredKey, rotateKeyFile } from './secret-keyring.js';

const clock: Clock = { now: () => Date.UTC(2026, 0, 1), monotonic: () => 0 };
const ids = systemIds;
const dir = mkdtempSync(join(tmpdir(), 'ce-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const keyFile = () => join(dir, `k${++n}`, 'secrets.key');

const k1 = { id: 'k1', key: Buffer.alloc(32, 1) };
const k2 = { id: 'k2', key: Buffer.alloc(32, 2) };
const box = createSecretBox({ keys: [k1], activeKeyId: 'k1', ids });

describe('secret box', () => {
  it('opens what it sealed', () => {
    expect(box.openString(box.seal('sk-ant-secret', 'provider:anthropic'), 'provider:anthropic')).toBe('sk-ant-secret');
  });

  it('names the sealing key in the envelope', () => {
    expect(box.keyIdOf(box.seal('x'))).toBe('k1');
  });

  it('uses a fresh IV for every seal', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('does not contain the plaintext', () => {
    expect(box.seal('plaintext-value')).not.toContain('plaintext');
  });

  it('refuses an envelope opened in another context', () => {
    expect(() => box.open(box.seal('x', 'webhook:1'), 'webhook:2')).toThrow(expect.objectContaining({ code: 'E_FORBIDDEN' }));
  });

  it('refuses a tampered envelope', () => {
    const sealed = box.seal('value');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(expect.objectContaining({ code: 'E_FORBIDDEN' }));
  });

  it('refuses an envelope relabelled to another key', () => {
    const both = createSecretBox({ keys: [k1, { id: 'k9', key: k1.key }], activeKeyId: 'k1', ids });
    const relabelled = both.seal('v').replace('.k1.', '.k9.');
    expect(() => both.open(relabelled)).toThrow(expect.objectContaining({ code: 'E_FORBIDDEN' }));
  });

  it('reports a malformed envelope as E_VALIDATION', () => {
    expect(() => box.open('not-sealed')).toThrow(expect.objectContaining({ code: 'E_VALIDATION' }));
  });

  it('reports an unknown key as E_CONFIG', () => {
    const other = createSecretBox({ keys: [k2], activeKeyId: 'k2', ids });
    expect(() => box.open(other.seal('x'))).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => createSecretBox({ keys: [{ id: 'a', key: Buffer.alloc(16) }], activeKeyId: 'a', ids })).toThrow(/32 bytes/);
  });

  it('recognises envelopes', () => {
    expect([isSealed(box.seal('x')), isSealed('sk-plain')]).toEqual([true, false]);
  });
});

describe('secret box rotation', () => {
  const rotated = createSecretBox({ keys: [k1, k2], activeKeyId: 'k2', ids });
  const old = box.seal('webhook-secret', 'hook');

  it('opens envelopes sealed with a retired key', () => {
    expect(rotated.openString(old, 'hook')).toBe('webhook-secret');
  });

  it('flags envelopes sealed with a retired key', () => {
    expect([rotated.needsRotation(old), rotated.needsRotation(rotated.seal('x'))]).toEqual([true, false]);
  });

  it('reseals with the active key', () => {
    const resealed = rotated.reseal(old, 'hook');
    expect([rotated.keyIdOf(resealed), rotated.openString(resealed, 'hook')]).toEqual(['k2', 'webhook-secret']);
  });
});

describe('keyring', () => {
  it('creates a key file with mode 0600 on first start', () => {
    const path = keyFile();
    const ring = loadOrCreateKeyring({ keyFile: path, ids, clock });
    expect([ring.createdFile, statSync(path).mode & 0o777, ring.keys.length]).toEqual([true, 0o600, 1]);
  });

  it('loads the same key on the next start', () => {
    const path = keyFile();
    const first = loadOrCreateKeyring({ keyFile: path, ids, clock });
    const second = loadOrCreateKeyring({ keyFile: path, ids, clock });
    expect([second.createdFile, second.activeKeyId, second.keys[0]!.key.equals(first.keys[0]!.key)]).toEqual([
      false,
      first.activeKeyId,
      true,
    ]);
  });

  it('refuses a key file other users can read', () => {
    const path = keyFile();
    loadOrCreateKeyring({ keyFile: path, ids, clock });
    chmodSync(path, 0o644);
    expect(() => loadOrCreateKeyring({ keyFile: path, ids, clock })).toThrow(/chmod 600/);
  });

  it('refuses a corrupt key file', () => {
    const path = keyFile();
    loadOrCreateKeyring({ keyFile: path, ids, clock });
    writeFileSync(path, '{"version":1}', { mode: 0o600 });
    expect(() => loadOrCreateKeyring({ keyFile: path, ids, clock })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });

  it('uses a configured key without creating a file', () => {
    const ring = loadOrCreateKeyring({ keyFile: keyFile(), configKey: Buffer.alloc(32, 7).toString('base64'), ids, clock });
    expect([ring.createdFile, ring.activeKeyId.startsWith('cfg-')]).toEqual([false, true]);
  });

  it('keeps file keys readable when a configured key takes over', () => {
    const path = keyFile();
    const fileRing = loadOrCreateKeyring({ keyFile: path, ids, clock });
    const sealed = createSecretBox({ ...fileRing, ids }).seal('v');
    const ring = loadOrCreateKeyring({ keyFile: path, configKey: `new:${'ab'.repeat(32)}`, ids, clock });
    expect([ring.activeKeyId, createSecretBox({ ...ring, ids }).openString(sealed)]).toEqual(['new', 'v']);
  });

  it('rotates the key file and keeps the old key', () => {
    const path = keyFile();
    const before = loadOrCreateKeyring({ keyFile: path, ids, clock });
    const newId = rotateKeyFile({ keyFile: path, ids, clock });
    const after = loadOrCreateKeyring({ keyFile: path, ids, clock });
    expect([after.activeKeyId, after.keys.map((k) => k.id), statSync(path).mode & 0o777]).toEqual([
      newId,
      [before.activeKeyId, newId],
      0o600,
    ]);
  });

  it('records when each key was created with the injected clock', () => {
    const path = keyFile();
    loadOrCreateKeyring({ keyFile: path, ids, clock });
    expect(JSON.parse(readFileSync(path, 'utf8')).keys[0].createdAt).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('parseConfiguredKey', () => {
  it('accepts hex', () => {
    expect(parseConfiguredKey('11'.repeat(32)).key).toEqual(Buffer.alloc(32, 0x11));
  });

  it('accepts an explicit id', () => {
    expect(parseConfiguredKey(`prod-2026:${Buffer.alloc(32).toString('base64')}`).id).toBe('prod-2026');
  });

  it('refuses a key of the wrong length', () => {
    expect(() => parseConfiguredKey('c2hvcnQ=')).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });
});
