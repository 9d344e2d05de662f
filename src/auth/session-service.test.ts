import { afterEach, describe, expect, it } from 'vitest';
import { createTestAuth, PASSWORD, type TestAuth } from '../../test/helpers/auth.js';
import { createPasswordHasher } from './password-hasher.js';

let t: TestAuth;
afterEach(() => t?.cleanup());

const tokensOf = async (result: Awaited<ReturnType<TestAuth['auth']['sessions']['login']>>) => {
  if (result.status !== 'authenticated') throw new Error('expected tokens');
  return result.tokens;
};

describe('login', () => {
  it('returns tokens that authenticate the user', async () => {
    t = await createTestAuth('sqlite');
    const id = await t.seedUser('alice', ['operator']);
    const tokens = await tokensOf(await t.auth.sessions.login('Alice', PASSWORD));
    await expect(t.auth.authenticate({ type: 'bearer', token: tokens.accessToken })).resolves.toMatchObject({
      id,
      name: 'alice',
      roles: ['operator'],
    });
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 2_592_000 });
    expect(t.audit.actions()).toContain('auth.login:success');
  });

  it('answers an unknown user and a wrong password with the same error', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const unknown = await t.auth.sessions.login('mallory', PASSWORD).catch((e) => e);
    const wrong = await t.auth.sessions.login('alice', 'wrong password!!').catch((e) => e);
    expect({ code: unknown.code, message: unknown.message }).toEqual({ code: wrong.code, message: wrong.message });
    expect(unknown.code).toBe('E_UNAUTHENTICATED');
  });

  it('takes about as long for an unknown user as for a wrong password', async () => {
    t = await createTestAuth('sqlite', {
      overrides: { 'auth.argon2.memoryCostKiB': '8192', 'auth.argon2.timeCost': '2', 'auth.lockout.maxAttempts': '100' },
    });
    await t.seedUser('alice', ['viewer']);
    const time = async (username: string) => {
      const start = performance.now();
      await t.auth.sessions.login(username, 'definitely wrong').catch(() => {});
      return performance.now() - start;
    };
    await time('alice');
    await time('nobody');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 12; i++) {
      known.push(await time('alice'));
      unknown.push(await time(`nobody${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });

  it('locks the account after five failures, even for the right password', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    for (let i = 0; i < 4; i++)
      await expect(t.auth.sessions.login('alice', 'wrong password!!')).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    await expect(t.auth.sessions.login('alice', 'wrong password!!')).rejects.toMatchObject({ code: 'E_LOCKED' });
    await expect(t.auth.sessions.login('alice', PASSWORD)).rejects.toMatchObject({ code: 'E_LOCKED' });
    expect(t.audit.actions()).toContain('auth.lockout:success');
  });

  it('unlocks after the lockout duration', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    for (let i = 0; i < 5; i++) await t.auth.sessions.login('alice', 'wrong password!!').catch(() => {});
    t.clock.advance(30 * 60_000 + 1);
    await expect(t.auth.sessions.login('alice', PASSWORD)).resolves.toMatchObject({ status: 'authenticated' });
  });

  it('unlocks when an admin says so', async () => {
    t = await createTestAuth('sqlite');
    const id = await t.seedUser('alice', ['viewer']);
    for (let i = 0; i < 5; i++) await t.auth.sessions.login('alice', 'wrong password!!').catch(() => {});
    await t.auth.users.unlock(t.root, id);
    await expect(t.auth.sessions.login('alice', PASSWORD)).resolves.toMatchObject({ status: 'authenticated' });
  });

  it('locks unknown usernames the same way, so lockout does not reveal accounts', async () => {
    t = await createTestAuth('sqlite');
    for (let i = 0; i < 4; i++)
      await expect(t.auth.sessions.login('ghost', 'wrong password!!')).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    await expect(t.auth.sessions.login('ghost', 'wrong password!!')).rejects.toMatchObject({ code: 'E_LOCKED' });
  });

  it('refuses a disabled user with the generic message', async () => {
    t = await createTestAuth('sqlite');
    const id = await t.seedUser('alice', ['viewer']);
    await t.auth.users.update(t.root, id, { disabled: true });
    await expect(t.auth.sessions.login('alice', PASSWORD)).rejects.toMatchObject({
      code: 'E_UNAUTHENTICATED',
      message: 'Invalid username or password.',
    });
  });

  it('re-hashes the password when the argon2 parameters changed', async () => {
    t = await createTestAuth('sqlite');
    const id = await t.seedUser('alice', ['viewer']);
    const old = createPasswordHasher({ memoryCostKiB: 128, timeCost: 1, parallelism: 1 }, t.deps.ids);
    await t.auth.core.users.update(id, { passwordHash: await old.hash(PASSWORD) });
    await t.auth.sessions.login('alice', PASSWORD);
    const stored = (await t.auth.core.users.findById(id))?.passwordHash ?? '';
    expect(stored).toContain('m=256,t=1,p=1');
  });
});

describe('refresh', () => {
  it('rotates the refresh token on every use', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const first = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    const second = await t.auth.sessions.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(t.auth.authenticate({ type: 'bearer', token: second.accessToken })).resolves.toMatchObject({ name: 'alice' });
    expect(t.audit.actions()).toContain('auth.token.refreshed:success');
  });

  it('revokes the whole family when a refresh token is reused', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const first = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    const second = await t.auth.sessions.refresh(first.refreshToken);
    await expect(t.auth.sessions.refresh(first.refreshToken)).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    await expect(t.auth.sessions.refresh(second.refreshToken)).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    await expect(t.auth.authenticate({ type: 'bearer', token: second.accessToken })).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    await expect(t.auth.authenticate({ type: 'bearer', token: first.accessToken })).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    expect(t.audit.actions()).toContain('auth.token.reuse:failure');
  });

  it('keeps other sessions of the user alive after a reuse', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const other = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    const first = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    await t.auth.sessions.refresh(first.refreshToken);
    await t.auth.sessions.refresh(first.refreshToken).catch(() => {});
    await expect(t.auth.authenticate({ type: 'bearer', token: other.accessToken })).resolves.toMatchObject({ name: 'alice' });
  });

  it('rejects a refresh token after it expires', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const first = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    t.clock.advance(31 * 86_400_000);
    await expect(t.auth.sessions.refresh(first.refreshToken)).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });
});

describe('logout and password change', () => {
  it('revokes the access token and its session on logout', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const tokens = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    await t.auth.sessions.logout(tokens.accessToken);
    await expect(t.auth.authenticate({ type: 'bearer', token: tokens.accessToken })).rejects.toThrow(/revoked/);
    await expect(t.auth.sessions.refresh(tokens.refreshToken)).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });

  it('ends every session on password change and returns a working new one', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const old = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    const principal = await t.auth.authenticate({ type: 'bearer', token: old.accessToken });
    const fresh = await t.auth.sessions.changePassword(principal, PASSWORD, 'a brand new passphrase');
    await expect(t.auth.authenticate({ type: 'bearer', token: old.accessToken })).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    await expect(t.auth.authenticate({ type: 'bearer', token: fresh.accessToken })).resolves.toMatchObject({ name: 'alice' });
    await expect(t.auth.sessions.login('alice', 'a brand new passphrase')).resolves.toMatchObject({ status: 'authenticated' });
  });

  it('answers a wrong current password with 403, keeping the session', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const tokens = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    const principal = await t.auth.authenticate(tokens.accessToken);
    await expect(t.auth.sessions.changePassword(principal, 'not my password', 'a brand new passphrase')).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
    await expect(t.auth.authenticate(tokens.accessToken)).resolves.toMatchObject({ name: 'alice' });
  });

  it('rejects a new password that breaks the policy', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const tokens = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    const principal = await t.auth.authenticate(tokens.accessToken);
    await expect(t.auth.sessions.changePassword(principal, PASSWORD, 'alice')).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });

  it('purges revocations and refresh tokens once their tokens have expired', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('alice', ['viewer']);
    const tokens = await tokensOf(await t.auth.sessions.login('alice', PASSWORD));
    await t.auth.sessions.logout(tokens.accessToken);
    expect(await t.auth.purgeExpired()).toEqual({ revocations: 0, refreshTokens: 0 });
    t.clock.advance(31 * 86_400_000);
    expect(await t.auth.purgeExpired()).toEqual({ revocations: 2, refreshTokens: 1 });
  });
});
