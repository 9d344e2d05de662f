import { type CryptoKey, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAuth, type TestAuth } from '../../test/helpers/auth.js';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('token verification attacks', () => {
  let t: TestAuth;
  let userId: string;
  let valid: string;

  beforeAll(async () => {
    t = await createTestAuth('sqlite');
    userId = await t.seedUser('alice', ['viewer']);
    valid = (await t.auth.core.tokens.sign('access', { sub: userId, ver: 0 }, 900)).token;
  });
  afterAll(() => t.cleanup());

  /** A token signed with the ring's active key but with chosen claims/header. */
  const forge = async (claims: Record<string, unknown>, header: Record<string, unknown> = {}) => {
    const key = (await t.auth.keyRing()).active();
    const nowSec = Math.floor(t.clock.now() / 1000);
    return new SignJWT({ ver: 0, ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header })
      .setIssuer((claims.iss as string) ?? 'code-engine')
      .setAudience((claims.aud as string) ?? 'code-engine')
      .setSubject(userId)
      .setJti('forged')
      .setIssuedAt(nowSec)
      .setExpirationTime((claims.exp as number) ?? nowSec + 600)
      .sign(key.privateKey as CryptoKey);
  };
  const rejects = (token: string) =>
    expect(t.auth.authenticate({ type: 'bearer', token })).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });

  it('accepts a token it signed', async () => {
    await expect(t.auth.authenticate({ type: 'bearer', token: valid })).resolves.toMatchObject({
      id: userId,
      type: 'user',
      roles: ['viewer'],
    });
  });

  it('rejects alg none', async () => {
    const [, payload] = valid.split('.');
    const kid = (await t.auth.keyRing()).active().kid;
    await rejects(`${b64({ alg: 'none', typ: 'at+jwt', kid })}.${payload}.`);
  });

  it('rejects an HS256 token signed with the public key as HMAC secret', async () => {
    const key = (await t.auth.keyRing()).active();
    const [, payload] = valid.split('.');
    const secretCandidates = [Buffer.from(JSON.stringify(key.publicJwk)), Buffer.from(String(key.publicJwk.x), 'base64url')];
    for (const secret of secretCandidates) {
      const header = b64({ alg: 'HS256', typ: 'at+jwt', kid: key.kid });
      const { createHmac } = await import('node:crypto');
      const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      await rejects(`${header}.${payload}.${sig}`);
    }
  });

  it('rejects an expired token beyond the 30 s leeway', async () => {
    const nowSec = Math.floor(t.clock.now() / 1000);
    await rejects(await forge({ exp: nowSec - 31 }));
    await expect(t.auth.authenticate(await forge({ exp: nowSec - 31 }))).rejects.toThrow(/expired/);
  });

  it('accepts a token expired within the leeway', async () => {
    const nowSec = Math.floor(t.clock.now() / 1000);
    await expect(t.auth.authenticate({ type: 'bearer', token: await forge({ exp: nowSec - 10 }) })).resolves.toMatchObject({ id: userId });
  });

  it('rejects a token that is not yet valid', async () => {
    const nowSec = Math.floor(t.clock.now() / 1000);
    await rejects(await forge({ nbf: nowSec + 120 }));
  });

  it('rejects a wrong issuer', async () => {
    await rejects(await forge({ iss: 'someone-else' }));
  });

  it('rejects a wrong audience', async () => {
    await rejects(await forge({ aud: 'another-service' }));
  });

  it('rejects a tampered payload', async () => {
    const [header, payload, sig] = valid.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    await rejects(`${header}.${b64({ ...claims, sub: 'someone-else' })}.${sig}`);
  });

  it('rejects an unknown kid', async () => {
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const nowSec = Math.floor(t.clock.now() / 1000);
    const token = await new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'not-a-known-kid', typ: 'at+jwt' })
      .setIssuer('code-engine')
      .setAudience('code-engine')
      .setSubject(userId)
      .setJti('x')
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + 600)
      .sign(other.privateKey);
    await rejects(token);
  });

  it('rejects a token signed by a foreign key under a known kid', async () => {
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const kid = (await t.auth.keyRing()).active().kid;
    const nowSec = Math.floor(t.clock.now() / 1000);
    const token = await new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'at+jwt' })
      .setIssuer('code-engine')
      .setAudience('code-engine')
      .setSubject(userId)
      .setJti('x')
      .setIssuedAt(nowSec)
      .setExpirationTime(nowSec + 600)
      .sign(other.privateKey);
    await rejects(token);
  });

  it('rejects a refresh token used as an access token', async () => {
    const refresh = await t.auth.core.tokens.sign('refresh', { sub: userId, ver: 0, fam: 'f' }, 900);
    await rejects(refresh.token);
  });

  it('rejects a token without kid', async () => {
    await rejects(await forge({}, { kid: undefined }));
  });

  it('rejects a revoked jti', async () => {
    const signed = await t.auth.core.tokens.sign('access', { sub: userId, ver: 0 }, 900);
    await t.auth.core.revocations.revoke(signed.jti, signed.expiresAt, 'test');
    await rejects(signed.token);
  });

  it('rejects a token issued before the user’s token version changed', async () => {
    const bob = await t.seedUser('bob', ['viewer']);
    const token = (await t.auth.core.tokens.sign('access', { sub: bob, ver: 0 }, 900)).token;
    await t.auth.users.resetPassword(t.root, bob);
    await rejects(token);
  });

  it('rejects a token it verified before once it has expired', async () => {
    const signed = await t.auth.core.tokens.sign('access', { sub: userId, ver: 0 }, 60);
    await expect(t.auth.authenticate(signed.token)).resolves.toMatchObject({ id: userId });
    t.clock.advance(91_000);
    await expect(t.auth.authenticate(signed.token)).rejects.toThrow(/expired/);
    t.clock.advance(-91_000);
  });
});
