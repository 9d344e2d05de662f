import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, migrateTestDatabase } from '../../test/helpers/auth.js';
import { openTestDatabase, type TestDatabase, testDialects } from '../../test/helpers/pg.js';
import { createUsersRepo, type UsersRepo } from './users-repo.js';

describe.each(await testDialects())('users repository on %s', (dialect) => {
  let t: TestDatabase;
  let repo: UsersRepo;
  const clock = manualClock();
  const add = (id: string, username: string, roles: string[], email?: string) =>
    repo.insert({ id, username, email, passwordHash: 'h', roles, grantedBy: null });

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    await migrateTestDatabase(t.db);
    repo = createUsersRepo(t.db, clock);
  });
  afterEach(() => t.cleanup());

  it('inserts a user with roles and reads it back', async () => {
    await add('u1', 'dana', ['operator', 'viewer'], 'dana@example.com');
    expect(await repo.findById('u1')).toMatchObject({
      username: 'dana',
      email: 'dana@example.com',
      roles: ['operator', 'viewer'],
      disabled: false,
      tokenVersion: 0,
    });
  });

  it('finds a user by username or email', async () => {
    await add('u1', 'dana', [], 'dana@example.com');
    expect((await repo.findByLogin('DANA'))?.id).toBe('u1');
    expect((await repo.findByLogin('dana@example.com'))?.id).toBe('u1');
    expect(await repo.findByLogin('nobody')).toBeUndefined();
  });

  it('rejects a duplicate username with E_CONFLICT', async () => {
    await add('u1', 'dana', []);
    await expect(add('u2', 'dana', [])).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });

  it('rejects a duplicate email with E_CONFLICT', async () => {
    await add('u1', 'dana', [], 'x@example.com');
    await expect(add('u2', 'erin', [], 'x@example.com')).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });

  it('allows several users without email', async () => {
    await add('u1', 'dana', []);
    await add('u2', 'erin', []);
    expect(await repo.count()).toBe(2);
  });

  it('bumps the token version and sets fields in one update', async () => {
    await add('u1', 'dana', []);
    await repo.update('u1', { bumpTokenVersion: true, displayName: 'Dana', lockedUntil: clock.now() + 1000 });
    expect(await repo.findById('u1')).toMatchObject({ tokenVersion: 1, displayName: 'Dana', lockedUntil: clock.now() + 1000 });
  });

  it('counts failures and locks at the limit', async () => {
    await add('u1', 'dana', []);
    expect(await repo.recordFailure('u1', 3, clock.now() + 60_000)).toEqual({ locked: false });
    expect(await repo.recordFailure('u1', 3, clock.now() + 60_000)).toEqual({ locked: false });
    expect(await repo.recordFailure('u1', 3, clock.now() + 60_000)).toEqual({ locked: true });
    expect(await repo.findById('u1')).toMatchObject({ failedAttempts: 0, lockedUntil: clock.now() + 60_000 });
  });

  it('replaces roles', async () => {
    await add('u1', 'dana', ['viewer']);
    await repo.setRoles('u1', ['operator', 'operator'], 'u0');
    expect((await repo.findById('u1'))?.roles).toEqual(['operator']);
    expect(await repo.countWithRole('operator')).toBe(1);
  });

  it('refuses to demote the last enabled admin', async () => {
    await add('u1', 'root', ['admin']);
    await expect(repo.setRoles('u1', ['viewer'], null)).rejects.toMatchObject({ code: 'E_CONFLICT' });
    expect((await repo.findById('u1'))?.roles).toEqual(['admin']);
  });

  it('refuses to disable or delete the last enabled admin', async () => {
    await add('u1', 'root', ['admin']);
    await expect(repo.update('u1', { disabled: true })).rejects.toMatchObject({ code: 'E_CONFLICT' });
    await expect(repo.delete('u1')).rejects.toMatchObject({ code: 'E_CONFLICT' });
    expect(await repo.findById('u1')).toMatchObject({ disabled: false });
  });

  it('does not count a disabled admin as the remaining one', async () => {
    await add('u1', 'root', ['admin']);
    await add('u2', 'backup', ['admin']);
    await repo.update('u2', { disabled: true });
    await expect(repo.delete('u1')).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });

  it('removes an admin while another stays', async () => {
    await add('u1', 'root', ['admin']);
    await add('u2', 'backup', ['admin']);
    expect(await repo.delete('u1')).toBe(true);
    expect(await repo.countWithRole('admin')).toBe(1);
  });
});
