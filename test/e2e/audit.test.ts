import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';

let a: AuthServer;
let admin: string;

beforeAll(async () => {
  a = await startAuthServer();
  admin = (await a.login('admin', ADMIN_PASSWORD)).accessToken;
});
afterAll(() => a.close());

describe('audit log through the real server', () => {
  it('records a login with principal, client IP and request id', async () => {
    const res = await a.call('GET', '/api/audit?action=auth.login&outcome=success', { token: admin });
    expect(res.statusCode).toBe(200);
    const [login] = res.json().items;
    expect(login).toMatchObject({ action: 'auth.login', principalType: 'user', clientIp: '127.0.0.1', requestId: expect.any(String) });
  });

  it('never stores the password of a failed login', async () => {
    await a.call('POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong but memorable passphrase' } });
    const res = await a.call('GET', '/api/audit/export', { token: admin });
    expect(res.body).toContain('auth.login');
    expect(res.body).not.toContain('wrong but memorable passphrase');
    expect(res.body).not.toContain(ADMIN_PASSWORD);
  });

  it('verifies the chain written by the auth service', async () => {
    const res = await a.call('GET', '/api/audit/verify', { token: admin });
    expect(res.json()).toMatchObject({ ok: true, firstBad: null });
  });

  it('answers 401 without credentials', async () => {
    expect((await a.call('GET', '/api/audit')).statusCode).toBe(401);
  });

  it('answers 403 to a role without audit:read', async () => {
    await a.createUser(admin, 'vera', 'vera views everything', ['viewer']);
    const vera = (await a.login('vera', 'vera views everything')).accessToken;
    expect((await a.call('GET', '/api/audit/verify', { token: vera })).statusCode).toBe(403);
  });

  it('rate-limits an authenticated caller by principal, not by IP', async () => {
    const res = await a.call('GET', '/api/audit?limit=1', { token: admin });
    const vera = (await a.login('vera', 'vera views everything')).accessToken;
    const other = await a.call('GET', '/api/auth/me', { token: vera });
    expect(Number(res.headers['ratelimit-remaining'])).toBeLessThan(Number(other.headers['ratelimit-remaining']));
  });
});
