import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAuth, PASSWORD, type TestAuth } from '../../test/helpers/auth.js';
import { testDialects } from '../../test/helpers/pg.js';

describe.each(await testDialects())('auth flows on %s', (dialect) => {
  let t: TestAuth;
  beforeEach(async () => {
    t = await createTestAuth(dialect);
  });
  afterEach(() => t.cleanup());

  const login = async (username = 'dana', password = PASSWORD) => {
    const r = await t.auth.sessions.login(username, password);
    if (r.status !== 'authenticated') throw new Error('expected tokens');
    return r.tokens;
  };

  it('logs in, refreshes, and revokes the family on reuse', async () => {
    await t.seedUser('dana', ['operator']);
    const first = await login();
    const second = await t.auth.sessions.refresh(first.refreshToken);
    await expect(t.auth.sessions.refresh(first.refreshToken)).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    await expect(t.auth.authenticate(second.accessToken)).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    await t.seedUser('dana', ['operator']);
    const first = await login();
    const results = await Promise.allSettled([t.auth.sessions.refresh(first.refreshToken), t.auth.sessions.refresh(first.refreshToken)]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(1);
  });

  it('locks after repeated failures', async () => {
    await t.seedUser('dana', ['operator']);
    for (let i = 0; i < 5; i++) await t.auth.sessions.login('dana', 'not the password').catch(() => {});
    await expect(t.auth.sessions.login('dana', PASSWORD)).rejects.toMatchObject({ code: 'E_LOCKED' });
  });

  it('authenticates an API key and rejects it after revocation', async () => {
    await t.seedUser('dana', ['operator']);
    const owner = await t.auth.authenticate((await login()).accessToken);
    const key = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'] });
    await expect(t.auth.authenticate(key.key)).resolves.toMatchObject({ type: 'api_key' });
    await t.auth.keys.revoke(owner, key.id);
    await expect(t.auth.authenticate(key.key)).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });

  it('spends a TOTP time step once even under concurrency', async () => {
    const id = await t.seedUser('dana', ['operator']);
    const dana = { id, type: 'user' as const, name: 'dana', roles: ['operator'] };
    const { secret } = await t.auth.mfa.enrol(dana);
    await t.auth.mfa.confirm(dana, await generate({ secret, epoch: Math.floor(t.clock.now() / 1000) }));
    t.clock.advance(30_000);
    const code = await generate({ secret, epoch: Math.floor(t.clock.now() / 1000) });
    const results = await Promise.all([t.auth.mfa.verifyCode(id, code), t.auth.mfa.verifyCode(id, code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('keeps custom roles with inheritance', async () => {
    await t.auth.roles.create(t.root, { name: 'deployer', permissions: ['deploy:execute'], inherits: ['viewer'] });
    const id = await t.seedUser('dana', ['deployer']);
    const dana = await t.auth.authenticate((await login()).accessToken);
    expect((await t.auth.authorize(dana, 'kubernetes:read')).grantedBy).toMatchObject({ role: 'deployer', definedIn: 'viewer' });
    await expect(t.auth.roles.delete(t.root, 'deployer')).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await t.auth.users.setRoles(t.root, id, ['viewer']);
    await t.auth.roles.delete(t.root, 'deployer');
  });
});
