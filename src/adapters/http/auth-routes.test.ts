import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../test/helpers/auth.js';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../../../test/helpers/auth-server.js';

describe('auth routes', () => {
  const clock = manualClock(Date.now());
  let a: AuthServer;
  let admin: { accessToken: string; refreshToken: string };

  beforeAll(async () => {
    a = await startAuthServer({ runtime: { clock } });
    admin = await a.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => a.close());

  it('logs in with username and password', async () => {
    const res = await a.call('POST', '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'authenticated',
      user: { username: 'admin' },
      tokens: { tokenType: 'Bearer', expiresIn: 900 },
    });
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const unknown = await a.call('POST', '/api/auth/login', { body: { username: 'nobody', password: 'whatever it is' } });
    const wrong = await a.call('POST', '/api/auth/login', { body: { username: 'admin', password: 'whatever it is' } });
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(unknown.statusCode).toBe(401);
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    await a.call('POST', `/api/users/${(await a.call('GET', '/api/users', { token: admin.accessToken })).json().users[0].id}/unlock`, {
      token: admin.accessToken,
    });
  });

  it('rejects a malformed login body with 400', async () => {
    const res = await a.call('POST', '/api/auth/login', { body: { username: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('E_VALIDATION');
  });

  it('shows the caller, their user and permissions at /api/auth/me', async () => {
    const res = await a.call('GET', '/api/auth/me', { token: admin.accessToken });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      principal: { type: 'user', name: 'admin', roles: ['admin'] },
      user: { username: 'admin' },
      permissions: ['*:*'],
    });
  });

  it('answers 401 at /api/auth/me without a token', async () => {
    expect((await a.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('refreshes, and revokes the session when a refresh token is replayed', async () => {
    const session = await a.login('admin', ADMIN_PASSWORD);
    const first = await a.call('POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(first.statusCode).toBe(200);
    const replay = await a.call('POST', '/api/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(replay.statusCode).toBe(401);
    expect((await a.call('GET', '/api/auth/me', { token: first.json().accessToken })).statusCode).toBe(401);
  });

  it('logs out: the access token stops working', async () => {
    const session = await a.login('admin', ADMIN_PASSWORD);
    expect((await a.call('POST', '/api/auth/logout', { token: session.accessToken })).statusCode).toBe(204);
    const after = await a.call('GET', '/api/auth/me', { token: session.accessToken });
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toMatch(/revoked/);
  });

  it('changes the password and returns a new session', async () => {
    const id = await a.createUser(admin.accessToken, 'carol', 'carol first passphrase', ['viewer']);
    const session = await a.login('carol', 'carol first passphrase');
    const res = await a.call('POST', '/api/auth/password', {
      token: session.accessToken,
      body: { currentPassword: 'carol first passphrase', newPassword: 'carol second passphrase' },
    });
    expect(res.statusCode).toBe(200);
    expect((await a.call('GET', '/api/auth/me', { token: res.json().accessToken })).json().principal.id).toBe(id);
    expect((await a.call('GET', '/api/auth/me', { token: session.accessToken })).statusCode).toBe(401);
  });

  it('publishes the public signing keys at /.well-known/jwks.json', async () => {
    const res = await a.call('GET', '/.well-known/jwks.json');
    expect(res.statusCode).toBe(200);
    const [key] = res.json().keys;
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(key.kid).toBeTypeOf('string');
    expect(key.d).toBeUndefined();
  });

  it('lists known permissions', async () => {
    const res = await a.call('GET', '/api/permissions', { token: admin.accessToken });
    expect(res.json().permissions.map((p: { name: string }) => p.name)).toContain('deploy:execute');
  });

  it('explains a decision at /api/permissions/check', async () => {
    const res = await a.call('POST', '/api/permissions/check', { token: admin.accessToken, body: { permission: 'deploy:execute' } });
    expect(res.json()).toMatchObject({ allowed: true, reason: 'granted', grantedBy: { role: 'admin', grant: '*:*' } });
  });

  it('explains a denial for another user', async () => {
    const id = await a.createUser(admin.accessToken, 'victor', 'victor the viewer', ['viewer']);
    const res = await a.call('POST', '/api/permissions/check', {
      token: admin.accessToken,
      body: { permission: 'deploy:execute', userId: id },
    });
    expect(res.json()).toMatchObject({ allowed: false, reason: 'no_grant' });
    expect(res.json().explanation).toContain('"viewer"');
  });

  it('documents the routes in OpenAPI', async () => {
    const paths = Object.keys((await a.call('GET', '/openapi.json')).json().paths);
    for (const p of [
      '/api/auth/login',
      '/api/auth/login/mfa',
      '/api/auth/mfa/enrol',
      '/api/users/{id}/roles',
      '/api/roles/{name}',
      '/api/keys',
      '/.well-known/jwks.json',
    ]) {
      expect(paths).toContain(p);
    }
  });

  describe('MFA', () => {
    let token: string;
    let secret: string;
    let recoveryCodes: string[];
    const code = () => generate({ secret, epoch: Math.floor(clock.now() / 1000) });

    beforeAll(async () => {
      await a.createUser(admin.accessToken, 'mia', 'mia likes totp codes', ['operator']);
      token = (await a.login('mia', 'mia likes totp codes')).accessToken;
    });

    it('enrols with an otpauth URI and a QR code', async () => {
      const res = await a.call('POST', '/api/auth/mfa/enrol', { token });
      expect(res.statusCode).toBe(200);
      ({ secret } = res.json());
      expect(res.json().otpauthUri).toMatch(/^otpauth:\/\/totp\/code-engine:mia\?secret=/);
      expect(res.json().qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    });

    it('confirms with a code and returns ten recovery codes', async () => {
      const res = await a.call('POST', '/api/auth/mfa/confirm', { token, body: { code: await code() } });
      expect(res.statusCode).toBe(200);
      recoveryCodes = res.json().recoveryCodes;
      expect(recoveryCodes).toHaveLength(10);
      expect((await a.call('GET', '/api/auth/me', { token: res.json().tokens.accessToken })).json().principal.mfaVerifiedAt).toBeTypeOf(
        'string',
      );
    });

    it('asks for a code after the password, then issues tokens for a valid one', async () => {
      clock.advance(30_000);
      const step1 = await a.call('POST', '/api/auth/login', { body: { username: 'mia', password: 'mia likes totp codes' } });
      expect(step1.json()).toMatchObject({ status: 'mfa_required', expiresIn: 300 });
      const step2 = await a.call('POST', '/api/auth/login/mfa', { body: { mfaToken: step1.json().mfaToken, code: await code() } });
      expect(step2.statusCode).toBe(200);
      token = step2.json().accessToken;
    });

    it('refuses the same TOTP code twice', async () => {
      const step1 = await a.call('POST', '/api/auth/login', { body: { username: 'mia', password: 'mia likes totp codes' } });
      const step2 = await a.call('POST', '/api/auth/login/mfa', { body: { mfaToken: step1.json().mfaToken, code: await code() } });
      expect(step2.statusCode).toBe(401);
    });

    it('accepts a recovery code once', async () => {
      const login = async () =>
        (await a.call('POST', '/api/auth/login', { body: { username: 'mia', password: 'mia likes totp codes' } })).json().mfaToken;
      const first = await a.call('POST', '/api/auth/login/mfa', { body: { mfaToken: await login(), code: recoveryCodes[0] } });
      expect(first.statusCode).toBe(200);
      const again = await a.call('POST', '/api/auth/login/mfa', { body: { mfaToken: await login(), code: recoveryCodes[0] } });
      expect(again.statusCode).toBe(401);
    });

    it('regenerates recovery codes with password and code', async () => {
      clock.advance(30_000);
      const res = await a.call('POST', '/api/auth/mfa/recovery-codes', {
        token,
        body: { password: 'mia likes totp codes', code: await code() },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().recoveryCodes).not.toContain(recoveryCodes[1]);
      recoveryCodes = res.json().recoveryCodes;
    });

    it('disables with password and code', async () => {
      const res = await a.call('POST', '/api/auth/mfa/disable', {
        token,
        body: { password: 'mia likes totp codes', code: recoveryCodes[0] },
      });
      expect(res.statusCode).toBe(204);
      const login = await a.call('POST', '/api/auth/login', { body: { username: 'mia', password: 'mia likes totp codes' } });
      expect(login.json().status).toBe('authenticated');
    });
  });
});
