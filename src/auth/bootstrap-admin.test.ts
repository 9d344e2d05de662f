import { afterEach, describe, expect, it } from 'vitest';
import { createTestAuth, type TestAuth } from '../../test/helpers/auth.js';
import { bootstrapAdmin } from './bootstrap-admin.js';

let t: TestAuth;
afterEach(() => t.cleanup());

describe('admin bootstrap', () => {
  it('creates admin with a generated password when none is configured', async () => {
    t = await createTestAuth('sqlite');
    const result = await bootstrapAdmin(t.auth);
    expect(result).toMatchObject({ created: true, username: 'admin', generatedPassword: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
    await expect(t.auth.sessions.login('admin', result.generatedPassword as string)).resolves.toMatchObject({ status: 'authenticated' });
    expect(t.audit.events[0]).toMatchObject({ action: 'auth.bootstrap', details: { passwordSource: 'generated' } });
    expect(JSON.stringify(t.audit.events)).not.toContain(result.generatedPassword);
  });

  it('uses auth.adminPassword and does not return it', async () => {
    t = await createTestAuth('sqlite', { overrides: { 'auth.adminPassword': 'configured passphrase' } });
    expect(await bootstrapAdmin(t.auth)).toEqual({ created: true, username: 'admin' });
    await expect(t.auth.sessions.login('admin', 'configured passphrase')).resolves.toMatchObject({ status: 'authenticated' });
  });

  it('does nothing when users exist', async () => {
    t = await createTestAuth('sqlite');
    await t.seedUser('dana', ['viewer']);
    expect(await bootstrapAdmin(t.auth)).toEqual({ created: false });
  });

  it('runs once', async () => {
    t = await createTestAuth('sqlite');
    await bootstrapAdmin(t.auth);
    expect(await bootstrapAdmin(t.auth)).toEqual({ created: false });
  });

  it('rejects a configured password that breaks the policy with E_CONFIG', async () => {
    t = await createTestAuth('sqlite', { overrides: { 'auth.adminPassword': 'short' } });
    await expect(bootstrapAdmin(t.auth)).rejects.toMatchObject({ code: 'E_CONFIG' });
  });

  it('can be turned off', async () => {
    t = await createTestAuth('sqlite', { overrides: { 'auth.bootstrap.enabled': 'false' } });
    expect(await bootstrapAdmin(t.auth)).toEqual({ created: false });
  });
});
