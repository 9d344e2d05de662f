import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/helpers/app.js';
import { FAST_ARGON2 } from '../../../test/helpers/auth.js';
import { requirePermission } from './authenticate.js';

const ADMIN_PASSWORD = 'bootstrap admin passphrase';

function probes(app: FastifyInstance) {
  app.get('/probe/whoami', async (request) => ({ principal: request.principal ?? null }));
  app.get('/probe/deploy', { preHandler: requirePermission('deploy:execute') }, async () => ({ ok: true }));
  app.get('/probe/users', { preHandler: requirePermission('users:write') }, async () => ({ ok: true }));
  app.get(
    '/probe/targets/:target',
    { preHandler: requirePermission('deploy:execute', { resource: (r) => (r.params as { target: string }).target }) },
    async () => ({ ok: true }),
  );
}

describe('HTTP authentication', () => {
  let s: TestServer;
  let adminToken: string;
  let viewerToken: string;
  let viewerKey: string;

  beforeAll(async () => {
    s = await startTestServer({ env: { CODE_ENGINE_ADMIN_PASSWORD: ADMIN_PASSWORD }, overrides: { ...FAST_ARGON2 }, routes: [probes] });
    const login = async (username: string, password: string) => {
      const res = await s.server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      return res.json().tokens.accessToken as string;
    };
    adminToken = await login('admin', ADMIN_PASSWORD);
    await s.server.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: `Bearer ${adminToken}` },
      payload: { username: 'vera', password: 'viewer passphrase 1', roles: ['viewer', 'operator'] },
    });
    viewerToken = await login('vera', 'viewer passphrase 1');
    const key = await s.server.app.inject({
      method: 'POST',
      url: '/api/keys',
      headers: { authorization: `Bearer ${viewerToken}` },
      payload: { name: 'ci', scopes: ['kubernetes:read'] },
    });
    viewerKey = key.json().key;
  });
  afterAll(() => s.close());

  const get = (url: string, headers: Record<string, string> = {}) => s.server.app.inject({ method: 'GET', url, headers });

  it('leaves request.principal undefined without credentials', async () => {
    expect((await get('/probe/whoami')).json()).toEqual({ principal: null });
  });

  it('resolves the principal from a bearer JWT', async () => {
    const body = (await get('/probe/whoami', { authorization: `Bearer ${adminToken}` })).json();
    expect(body.principal).toMatchObject({ type: 'user', name: 'admin', roles: ['admin'] });
  });

  it('resolves an API key sent as X-API-Key', async () => {
    const body = (await get('/probe/whoami', { 'x-api-key': viewerKey })).json();
    expect(body.principal).toMatchObject({ type: 'api_key', name: 'ci', scopes: ['kubernetes:read'] });
  });

  it('resolves an API key sent as a bearer token', async () => {
    const body = (await get('/probe/whoami', { authorization: `Bearer ${viewerKey}` })).json();
    expect(body.principal).toMatchObject({ type: 'api_key' });
  });

  it('ignores bad credentials on a public route', async () => {
    expect((await get('/probe/whoami', { authorization: 'Bearer nonsense' })).json()).toEqual({ principal: null });
  });

  it('answers 401 problem+json with WWW-Authenticate on a guarded route without credentials', async () => {
    const res = await get('/probe/deploy');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(res.json().code).toBe('E_UNAUTHENTICATED');
  });

  it('says why the token was rejected on a guarded route', async () => {
    const res = await get('/probe/deploy', { authorization: 'Bearer a.b.c' });
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toBe('The token is invalid.');
  });

  it('answers 403 with the reason when the permission is missing', async () => {
    const res = await get('/probe/users', { authorization: `Bearer ${viewerToken}` });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'E_FORBIDDEN', details: { permission: 'users:write', reason: 'no_grant' } });
  });

  it('lets a granted permission through', async () => {
    expect((await get('/probe/deploy', { authorization: `Bearer ${viewerToken}` })).statusCode).toBe(200);
  });

  it('limits an API key to its scopes even when its creator holds more', async () => {
    const res = await get('/probe/deploy', { 'x-api-key': viewerKey });
    expect(res.statusCode).toBe(403);
    expect(res.json().details.reason).toBe('outside_scope');
  });

  it('passes the resource to authorize', async () => {
    expect((await get('/probe/targets/staging', { authorization: `Bearer ${adminToken}` })).statusCode).toBe(200);
  });
});
