import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAuth, PASSWORD, type TestAuth } from '../../test/helpers/auth.js';
import type { Principal } from './principal.js';

let t: TestAuth;
afterEach(() => t.cleanup());

/** A principal as a route would see it after login. */
const as = async (username: string): Promise<Principal> => {
  const login = await t.auth.sessions.login(username, PASSWORD);
  if (login.status !== 'authenticated') throw new Error('expected tokens');
  return t.auth.authenticate(login.tokens.accessToken);
};

describe('role escalation', () => {
  beforeEach(async () => {
    t = await createTestAuth('sqlite');
    await t.auth.roles.create(t.root, { name: 'user-manager', permissions: ['users:read', 'users:write'] });
    await t.seedUser('manny', ['user-manager', 'viewer']);
    await t.seedUser('victim', ['viewer']);
  });

  it('refuses to grant a role with permissions the actor lacks', async () => {
    const manny = await as('manny');
    const victim = (await t.auth.users.resolve(t.root, 'victim')).id;
    await expect(t.auth.users.setRoles(manny, victim, ['viewer', 'admin'])).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(t.auth.users.setRoles(manny, (await manny).id, ['user-manager', 'viewer', 'operator'])).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    expect(t.audit.actions()).toContain('auth.user.roles_changed:denied');
  });

  it('refuses to create a user with a role the actor could not grant', async () => {
    const manny = await as('manny');
    await expect(t.auth.users.create(manny, { username: 'eve', password: PASSWORD, roles: ['admin'] })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
  });

  it('allows granting roles the actor holds', async () => {
    const manny = await as('manny');
    const victim = (await t.auth.users.resolve(t.root, 'victim')).id;
    await expect(t.auth.users.setRoles(manny, victim, ['viewer', 'user-manager'])).resolves.toMatchObject({
      roles: ['user-manager', 'viewer'],
    });
  });

  it('refuses to take away a role the actor could not grant', async () => {
    const manny = await as('manny');
    const admin = await t.seedUser('boss', ['admin']);
    await expect(t.auth.users.setRoles(manny, admin, ['viewer'])).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(t.auth.users.update(manny, admin, { disabled: true })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses a custom role granting more than the actor holds', async () => {
    await t.auth.roles.create(t.root, { name: 'role-manager', permissions: ['roles:read', 'roles:write'] });
    await t.seedUser('rita', ['role-manager', 'viewer']);
    const rita = await as('rita');
    await expect(t.auth.roles.create(rita, { name: 'sneaky', permissions: ['deploy:execute'] })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    await expect(t.auth.roles.create(rita, { name: 'sneaky', inherits: ['admin'] })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(t.auth.roles.create(rita, { name: 'fine', permissions: ['kubernetes:read'] })).resolves.toMatchObject({ name: 'fine' });
  });

  it('forbids user administration without users:write', async () => {
    const victim = await as('victim');
    await expect(t.auth.users.create(victim, { username: 'eve', password: PASSWORD, roles: [] })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
  });
});

describe('last admin', () => {
  it('cannot be demoted, disabled or deleted, even by itself', async () => {
    t = await createTestAuth('sqlite');
    const id = await t.seedUser('root', ['admin']);
    const root = await as('root');
    await expect(t.auth.users.setRoles(root, id, ['operator'])).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await expect(t.auth.users.update(root, id, { disabled: true })).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await expect(t.auth.users.delete(root, id)).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });

  it('can step down once another admin exists', async () => {
    t = await createTestAuth('sqlite');
    const id = await t.seedUser('root', ['admin']);
    await t.seedUser('second', ['admin']);
    await expect(t.auth.users.setRoles(await as('root'), id, ['operator'])).resolves.toMatchObject({ roles: ['operator'] });
  });
});

describe('user lifecycle', () => {
  beforeEach(async () => {
    t = await createTestAuth('sqlite');
  });

  it('applies the password policy on create', async () => {
    await expect(t.auth.users.create(t.root, { username: 'dana', password: 'dana', roles: [] })).rejects.toMatchObject({
      code: 'E_VALIDATION',
    });
  });

  it('validates input from any face', async () => {
    await expect(t.auth.users.create(t.root, { username: 'no spaces', password: PASSWORD })).rejects.toMatchObject({
      code: 'E_VALIDATION',
    });
  });

  it('audits creation, role changes and deletion', async () => {
    const id = await t.seedUser('dana', ['viewer']);
    await t.auth.users.setRoles(t.root, id, ['operator']);
    await t.auth.users.delete(t.root, id);
    expect(t.audit.actions()).toEqual(['auth.user.created:success', 'auth.user.roles_changed:success', 'auth.user.deleted:success']);
    expect(t.audit.events[1]?.details).toEqual({ added: ['operator'], removed: ['viewer'] });
  });

  it('applies role changes to existing tokens after the cache window', async () => {
    const id = await t.seedUser('dana', ['viewer']);
    const login = await t.auth.sessions.login('dana', PASSWORD);
    if (login.status !== 'authenticated') throw new Error('expected tokens');
    expect((await t.auth.authenticate(login.tokens.accessToken)).roles).toEqual(['viewer']);
    await t.auth.users.setRoles(t.root, id, ['operator']);
    expect((await t.auth.authenticate(login.tokens.accessToken)).roles).toEqual(['operator']);
  });
});
