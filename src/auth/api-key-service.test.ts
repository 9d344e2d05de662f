import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAuth, PASSWORD, type TestAuth } from '../../test/helpers/auth.js';
import type { Principal } from './principal.js';

let t: TestAuth;
let owner: Principal;

beforeEach(async () => {
  t = await createTestAuth('sqlite');
  await t.seedUser('olga', ['operator']);
  const login = await t.auth.sessions.login('olga', PASSWORD);
  if (login.status !== 'authenticated') throw new Error('expected tokens');
  owner = await t.auth.authenticate(login.tokens.accessToken);
});
afterEach(() => t.cleanup());

describe('API keys', () => {
  it('authenticates as ce_<id>_<secret> with the creator’s roles narrowed to the scopes', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'] });
    const principal = await t.auth.authenticate({ type: 'api_key', key: created.key });
    expect(principal).toEqual({
      id: created.id,
      type: 'api_key',
      name: 'ci',
      roles: ['operator'],
      scopes: ['deploy:execute'],
      credentialId: created.id,
    });
    expect((await t.auth.authorize(principal, 'deploy:execute')).allowed).toBe(true);
    expect((await t.auth.authorize(principal, 'kubernetes:write')).reason).toBe('outside_scope');
  });

  it('stores only a hash of the secret', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'] });
    const row = await t.test.db.kysely.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.key.split('_').slice(2).join('_'));
    expect(row.secret_hash).toMatch(/^[a-f0-9]{64}$/);
  });

  it('rejects a wrong secret for a valid key id', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'] });
    const secret = created.key.slice(-43);
    const wrong = `${created.key.slice(0, -43)}${secret.startsWith('A') ? 'B' : 'A'}${secret.slice(1)}`;
    await expect(t.auth.authenticate({ type: 'api_key', key: wrong })).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });

  it('rejects an unknown key id and a malformed key alike', async () => {
    const message = 'The API key is invalid, expired or revoked.';
    await expect(t.auth.authenticate({ type: 'api_key', key: `ce_0123456789abcdef_${'x'.repeat(43)}` })).rejects.toThrow(message);
    await expect(t.auth.authenticate({ type: 'api_key', key: 'ce_nope' })).rejects.toThrow(message);
  });

  it('refuses scopes beyond the creator’s permissions (scope escalation)', async () => {
    await expect(t.auth.keys.create(owner, { name: 'x', scopes: ['users:write'] })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(t.auth.keys.create(owner, { name: 'x', scopes: ['*:*'] })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    expect(t.audit.actions()).toContain('auth.key.created:denied');
  });

  it('loses a permission when the creator loses it', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'] });
    await t.auth.users.setRoles(t.root, owner.id, ['viewer']);
    t.clock.advance(t.deps.config.auth.cacheTtlMs + 1);
    const principal = await t.auth.authenticate({ type: 'api_key', key: created.key });
    expect((await t.auth.authorize(principal, 'deploy:execute')).allowed).toBe(false);
  });

  it('stops working when the creator is disabled', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'] });
    await t.auth.users.update(t.root, owner.id, { disabled: true });
    await expect(t.auth.authenticate({ type: 'api_key', key: created.key })).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });

  it('expires', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'], expiresInDays: 1 });
    t.clock.advance(86_400_000 + 1);
    await expect(t.auth.authenticate({ type: 'api_key', key: created.key })).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });

  it('stops working at once when revoked, and audits it', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'] });
    await t.auth.authenticate({ type: 'api_key', key: created.key });
    await t.auth.keys.revoke(owner, created.id);
    await expect(t.auth.authenticate({ type: 'api_key', key: created.key })).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    expect(t.audit.actions()).toEqual(expect.arrayContaining(['auth.key.created:success', 'auth.key.revoked:success']));
  });

  it('records when a key was last used', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['deploy:execute'] });
    await t.auth.authenticate({ type: 'api_key', key: created.key });
    await new Promise((r) => setImmediate(r));
    expect((await t.auth.keys.get(owner, created.id)).lastUsedAt).toBe(new Date(t.clock.now()).toISOString());
  });

  it('does not let an API key create keys', async () => {
    const created = await t.auth.keys.create(owner, { name: 'ci', scopes: ['keys:write'] });
    const principal = await t.auth.authenticate({ type: 'api_key', key: created.key });
    await expect(t.auth.keys.create(principal, { name: 'y', scopes: ['keys:write'] })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });
});
