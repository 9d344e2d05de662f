import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../test/helpers/auth.js';
import { loadKeyRing } from './key-ring.js';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'ce-ring-')), 'keys');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const options = (clock = manualClock()) => ({ dir, algorithm: 'EdDSA' as const, configuredPem: undefined, clock, retainSec: 3600 });

describe('key ring', () => {
  it('generates an Ed25519 key into a 0700 directory as a 0600 file', async () => {
    const ring = await loadKeyRing(options());
    expect(ring.active()).toMatchObject({ alg: 'EdDSA' });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const [file] = readdirSync(dir);
    expect(file).toBe(`${ring.active().kid}.json`);
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600);
  });

  it('loads the same key on the next start', async () => {
    const first = await loadKeyRing(options());
    const second = await loadKeyRing(options());
    expect(second.active().kid).toBe(first.active().kid);
  });

  it('publishes only public parts in the JWKS', async () => {
    const ring = await loadKeyRing(options());
    const [jwk] = ring.jwks().keys;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: ring.active().kid, alg: 'EdDSA', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
  });

  it('keeps the old key for verification after a rotation', async () => {
    const ring = await loadKeyRing(options());
    const old = ring.active().kid;
    const next = await ring.rotate();
    expect(ring.active().kid).toBe(next.kid);
    expect(await ring.resolve(old)).toMatchObject({ kid: old });
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual(expect.arrayContaining([old, next.kid]));
  });

  it('drops a retired key once every token it signed has expired', async () => {
    const clock = manualClock();
    const ring = await loadKeyRing(options(clock));
    const old = ring.active().kid;
    await ring.rotate();
    clock.advance(3600 * 1000 + 1);
    const later = await loadKeyRing(options(clock));
    expect(await later.resolve(old)).toBeUndefined();
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('sees a key rotated by another process when a token names it', async () => {
    const clock = manualClock();
    const server = await loadKeyRing(options(clock));
    const cli = await loadKeyRing(options(clock));
    const next = await cli.rotate();
    clock.advance(10_001);
    expect(await server.resolve(next.kid)).toMatchObject({ kid: next.kid });
  });

  it('switches to a key rotated elsewhere within a minute', async () => {
    const clock = manualClock();
    const server = await loadKeyRing(options(clock));
    const next = await (await loadKeyRing(options(clock))).rotate();
    clock.advance(60_000);
    await server.refreshIfStale();
    expect(server.active().kid).toBe(next.kid);
  });

  it('signs with a configured PEM key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ring = await loadKeyRing({ ...options(), configuredPem: pem });
    expect(ring.active().privateKey).toBeDefined();
    await expect(ring.rotate()).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });

  it('rejects a configured key of the wrong type', async () => {
    await expect(loadKeyRing({ ...options(), configuredPem: 'not a pem' })).rejects.toMatchObject({ code: 'E_CONFIG' });
  });

  it('generates ES256 keys when configured', async () => {
    const ring = await loadKeyRing({ ...options(), algorithm: 'ES256' });
    expect(ring.jwks().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
  });
});
