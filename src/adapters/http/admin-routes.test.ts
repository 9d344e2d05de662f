import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../../../test/helpers/auth-server.js';

let a: AuthServer;
let admin: string;
let adminId: string;

beforeAll(async () => {
  a = await startAuthServer();
  admin = (await a.login('admin', ADMIN_PASSWORD)).accessToken;
  adminId = (await a.call('GET', '/api/auth/me', { token: admin })).json().principal.id;
});
afterAll(() => a.close());

describe('users routes', () => {
  let userId: string;

  it('creates a user (201) without exposing the password hash', async () => {
    const res = await a.call('POST', '/api/users', {
      token: admin,
      body: { username: 'Dana', password: 'dana deploys daily', email: 'dana@example.com', roles: ['operator'] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'dana', email: 'dana@example.com', roles: ['operator'], disabled: false });
    expect(res.body).not.toContain('argon2');
    userId = res.json().id;
  });

  it('rejects a duplicate username with 409', async () => {
    const res = await a.call('POST', '/api/users', { token: admin, body: { username: 'dana', password: 'another passphrase' } });
    expect(res.statusCode).toBe(409);
  });

  it('rejects a password that breaks the policy with 400', async () => {
    const res = await a.call('POST', '/api/users', { token: admin, body: { username: 'shorty', password: 'short' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ path: 'password' });
  });

  it('lists and reads users', async () => {
    expect((await a.call('GET', '/api/users', { token: admin })).json().users.map((u: { username: string }) => u.username)).toEqual([
      'admin',
      'dana',
    ]);
    expect((await a.call('GET', `/api/users/${userId}`, { token: admin })).json().username).toBe('dana');
  });

  it('answers 404 for an unknown user', async () => {
    expect((await a.call('GET', '/api/users/nope', { token: admin })).statusCode).toBe(404);
  });

  it('updates the display name', async () => {
    const res = await a.call('PATCH', `/api/users/${userId}`, { token: admin, body: { displayName: 'Dana D.' } });
    expect(res.json().displayName).toBe('Dana D.');
  });

  it('replaces roles', async () => {
    const res = await a.call('PUT', `/api/users/${userId}/roles`, { token: admin, body: { roles: ['viewer'] } });
    expect(res.json().roles).toEqual(['viewer']);
  });

  it('forbids users without users:write (403)', async () => {
    const dana = (await a.login('dana', 'dana deploys daily')).accessToken;
    expect((await a.call('GET', '/api/users', { token: dana })).statusCode).toBe(403);
    expect((await a.call('PUT', `/api/users/${userId}/roles`, { token: dana, body: { roles: ['admin'] } })).statusCode).toBe(403);
  });

  it('resets a password, returning the generated one once', async () => {
    const res = await a.call('POST', `/api/users/${userId}/password`, { token: admin });
    expect(res.statusCode).toBe(200);
    await expect(a.login('dana', res.json().password)).resolves.toHaveProperty('accessToken');
  });

  it('disables a user and ends their sessions', async () => {
    const session = (await a.login('admin', ADMIN_PASSWORD)).accessToken;
    const other = await a.createUser(session, 'erin', 'erin the engineer', ['viewer']);
    const erin = (await a.login('erin', 'erin the engineer')).accessToken;
    expect((await a.call('PATCH', `/api/users/${other}`, { token: admin, body: { disabled: true } })).json().disabled).toBe(true);
    expect((await a.call('GET', '/api/auth/me', { token: erin })).statusCode).toBe(401);
  });

  it('unlocks a locked user', async () => {
    for (let i = 0; i < 5; i++) await a.call('POST', '/api/auth/login', { body: { username: 'dana', password: 'not the password' } });
    expect((await a.call('GET', `/api/users/${userId}`, { token: admin })).json().locked).toBe(true);
    expect((await a.call('POST', `/api/users/${userId}/unlock`, { token: admin })).json().locked).toBe(false);
  });

  it('refuses to remove the last admin (409)', async () => {
    expect((await a.call('PUT', `/api/users/${adminId}/roles`, { token: admin, body: { roles: ['viewer'] } })).statusCode).toBe(409);
    expect((await a.call('PATCH', `/api/users/${adminId}`, { token: admin, body: { disabled: true } })).statusCode).toBe(409);
    expect((await a.call('DELETE', `/api/users/${adminId}`, { token: admin })).statusCode).toBe(409);
  });

  it('deletes a user (204)', async () => {
    expect((await a.call('DELETE', `/api/users/${userId}`, { token: admin })).statusCode).toBe(204);
    expect((await a.call('GET', `/api/users/${userId}`, { token: admin })).statusCode).toBe(404);
  });
});

describe('roles routes', () => {
  it('lists built-in roles with effective permissions', async () => {
    const roles = (await a.call('GET', '/api/roles', { token: admin })).json().roles;
    const operator = roles.find((r: { name: string }) => r.name === 'operator');
    expect(operator).toMatchObject({ builtIn: true, inherits: ['viewer'] });
    expect(operator.effectivePermissions).toContain('kubernetes:read');
  });

  it('creates, reads, replaces and deletes a custom role', async () => {
    const created = await a.call('POST', '/api/roles', {
      token: admin,
      body: { name: 'deployer', permissions: ['deploy:execute@staging-*'], inherits: ['viewer'] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().effectivePermissions).toEqual(expect.arrayContaining(['deploy:execute@staging-*', 'system:read']));
    const replaced = await a.call('PUT', '/api/roles/deployer', {
      token: admin,
      body: { permissions: ['deploy:execute'], description: 'Deploys' },
    });
    expect(replaced.json()).toMatchObject({ description: 'Deploys', permissions: ['deploy:execute'], inherits: [] });
    expect((await a.call('GET', '/api/roles/deployer', { token: admin })).statusCode).toBe(200);
    expect((await a.call('DELETE', '/api/roles/deployer', { token: admin })).statusCode).toBe(204);
  });

  it('refuses to change a built-in role (409)', async () => {
    expect((await a.call('PUT', '/api/roles/viewer', { token: admin, body: { permissions: ['*:*'] } })).statusCode).toBe(409);
  });

  it('rejects inheritance loops (400)', async () => {
    await a.call('POST', '/api/roles', { token: admin, body: { name: 'loop-a', permissions: [] } });
    await a.call('POST', '/api/roles', { token: admin, body: { name: 'loop-b', inherits: ['loop-a'] } });
    expect((await a.call('PUT', '/api/roles/loop-a', { token: admin, body: { inherits: ['loop-b'] } })).statusCode).toBe(400);
  });

  it('rejects a malformed permission (400)', async () => {
    expect((await a.call('POST', '/api/roles', { token: admin, body: { name: 'bad', permissions: ['deploy'] } })).statusCode).toBe(400);
  });
});

describe('API key routes', () => {
  let owner: string;
  let keyId: string;
  let key: string;

  beforeAll(async () => {
    await a.createUser(admin, 'olga', 'olga operates things', ['operator']);
    owner = (await a.login('olga', 'olga operates things')).accessToken;
  });

  it('creates a key and shows it once', async () => {
    const res = await a.call('POST', '/api/keys', {
      token: owner,
      body: { name: 'ci', scopes: ['deploy:execute', 'kubernetes:read'], expiresInDays: 7 },
    });
    expect(res.statusCode).toBe(201);
    ({ id: keyId, key } = res.json());
    expect(key).toMatch(new RegExp(`^ce_${keyId}_[A-Za-z0-9_-]{43}$`));
    const listed = (await a.call('GET', '/api/keys', { token: owner })).json().keys;
    expect(listed).toHaveLength(1);
    // The secret is everything after "ce_<keyId>_" (it may itself contain underscores).
    expect(JSON.stringify(listed)).not.toContain(key.slice(`ce_${keyId}_`.length));
  });

  it('authenticates with the key and records its use', async () => {
    expect((await a.call('GET', '/api/auth/me', { headers: { 'x-api-key': key } })).json().principal).toMatchObject({
      type: 'api_key',
      id: keyId,
    });
    expect((await a.call('GET', `/api/keys/${keyId}`, { token: owner })).json().lastUsedAt).toBeTypeOf('string');
  });

  it('rejects a wrong secret for a valid key id', async () => {
    const forged = `ce_${keyId}_${'A'.repeat(43)}`;
    expect((await a.call('GET', '/api/auth/me', { headers: { 'x-api-key': forged } })).statusCode).toBe(401);
  });

  it('refuses scopes the creator does not hold (403)', async () => {
    const res = await a.call('POST', '/api/keys', { token: owner, body: { name: 'sneaky', scopes: ['users:write'] } });
    expect(res.statusCode).toBe(403);
    expect(res.json().details.missing).toEqual(['users:write']);
  });

  it('hides other users’ keys (404)', async () => {
    expect((await a.call('GET', `/api/keys/${keyId}`, { token: (await a.login('admin', ADMIN_PASSWORD)).accessToken })).statusCode).toBe(
      200,
    );
    await a.createUser(admin, 'oscar', 'oscar operates too', ['operator']);
    const oscar = (await a.login('oscar', 'oscar operates too')).accessToken;
    expect((await a.call('GET', `/api/keys/${keyId}`, { token: oscar })).statusCode).toBe(404);
  });

  it('revokes a key: it stops working at once', async () => {
    expect((await a.call('DELETE', `/api/keys/${keyId}`, { token: owner })).json().revokedAt).toBeTypeOf('string');
    expect((await a.call('GET', '/api/auth/me', { headers: { 'x-api-key': key } })).statusCode).toBe(401);
  });
});
