import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestAuth, PASSWORD, type TestAuth } from '../../test/helpers/auth.js';
import { systemIds } from '../core/deps.js';
import { createSecretBox } from '../security/secret-box.js';
import type { Principal } from './principal.js';
import { totpSecretBox } from './secret-box.js';

let t: TestAuth;
let dana: Principal;
const code = (secret: string, offsetSec = 0) => generate({ secret, epoch: Math.floor(t.clock.now() / 1000) + offsetSec });

beforeEach(async () => {
  t = await createTestAuth('sqlite');
  const id = await t.seedUser('dana', ['operator']);
  dana = { id, type: 'user', name: 'dana', roles: ['operator'] };
});
afterEach(() => t.cleanup());

describe('MFA enrolment', () => {
  it('returns a 160-bit base32 secret, an otpauth URI and a PNG QR code', async () => {
    const e = await t.auth.mfa.enrol(dana);
    expect(e.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(e.otpauthUri).toBe(`otpauth://totp/code-engine:dana?secret=${e.secret}&issuer=code-engine`);
    expect(e.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
  });

  it('stays off until confirmed', async () => {
    await t.auth.mfa.enrol(dana);
    expect((await t.auth.sessions.login('dana', PASSWORD)).status).toBe('authenticated');
  });

  it('rejects a wrong confirmation code', async () => {
    await t.auth.mfa.enrol(dana);
    await expect(t.auth.mfa.confirm(dana, '000000')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('turns on with a valid code and returns ten distinct recovery codes, stored hashed', async () => {
    const { secret } = await t.auth.mfa.enrol(dana);
    const { recoveryCodes } = await t.auth.mfa.confirm(dana, await code(secret));
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
    const rows = await t.test.db.kysely.selectFrom('mfa_recovery_codes').select('code_hash').execute();
    expect(rows.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
    expect(t.audit.actions()).toContain('auth.mfa.enabled:success');
  });

  it('refuses a second enrolment while on', async () => {
    const { secret } = await t.auth.mfa.enrol(dana);
    await t.auth.mfa.confirm(dana, await code(secret));
    await expect(t.auth.mfa.enrol(dana)).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });
});

describe('MFA login', () => {
  let secret: string;
  let recoveryCodes: string[];

  beforeEach(async () => {
    ({ secret } = await t.auth.mfa.enrol(dana));
    ({ recoveryCodes } = await t.auth.mfa.confirm(dana, await code(secret)));
    t.clock.advance(30_000);
  });

  const challenge = async () => {
    const r = await t.auth.sessions.login('dana', PASSWORD);
    if (r.status !== 'mfa_required') throw new Error('expected an MFA challenge');
    return r.mfaToken;
  };

  it('issues tokens that carry the MFA time', async () => {
    const tokens = await t.auth.sessions.loginMfa(await challenge(), await code(secret));
    expect((await t.auth.authenticate(tokens.accessToken)).mfaVerifiedAt).toBe(Math.floor(t.clock.now() / 1000) * 1000);
  });

  it('accepts a code one step off (clock drift)', async () => {
    await expect(t.auth.sessions.loginMfa(await challenge(), await code(secret, 30))).resolves.toHaveProperty('accessToken');
  });

  it('rejects a code from two steps ago', async () => {
    await expect(t.auth.sessions.loginMfa(await challenge(), await code(secret, -60))).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });

  it('uses each challenge token once', async () => {
    const token = await challenge();
    await t.auth.sessions.loginMfa(token, await code(secret));
    t.clock.advance(30_000);
    await expect(t.auth.sessions.loginMfa(token, await code(secret))).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });

  it('rejects an expired challenge', async () => {
    const token = await challenge();
    t.clock.advance(301_000 + 30_000);
    await expect(t.auth.sessions.loginMfa(token, await code(secret))).rejects.toThrow(/expired/);
  });

  it('locks the account after five wrong codes', async () => {
    for (let i = 0; i < 4; i++)
      await expect(t.auth.sessions.loginMfa(await challenge(), '000000')).rejects.toMatchObject({ code: 'E_UNAUTHENTICATED' });
    await expect(t.auth.sessions.loginMfa(await challenge(), '000000')).rejects.toMatchObject({ code: 'E_LOCKED' });
  });

  it('accepts a recovery code in any case and with spaces, once', async () => {
    const messy = (recoveryCodes[3] as string).toLowerCase().replace(/-/g, ' ');
    await expect(t.auth.sessions.loginMfa(await challenge(), messy)).resolves.toHaveProperty('accessToken');
    await expect(t.auth.sessions.loginMfa(await challenge(), recoveryCodes[3] as string)).rejects.toMatchObject({
      code: 'E_UNAUTHENTICATED',
    });
  });

  it('turns off only with the password and a valid code', async () => {
    await expect(t.auth.mfa.disable(dana, 'wrong password here', await code(secret))).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await t.auth.mfa.disable(dana, PASSWORD, await code(secret));
    expect((await t.auth.sessions.login('dana', PASSWORD)).status).toBe('authenticated');
    expect(t.audit.actions()).toContain('auth.mfa.disabled:success');
  });

  it('is removed by an admin reset', async () => {
    await t.auth.mfa.reset(t.root, dana.id);
    expect((await t.auth.sessions.login('dana', PASSWORD)).status).toBe('authenticated');
  });
});

describe('MFA required for admins', () => {
  it('denies admin operations until the session verified MFA', async () => {
    await t.cleanup();
    t = await createTestAuth('sqlite', { overrides: { 'auth.mfa.requiredForAdmins': 'true' } });
    const id = await t.seedUser('root', ['admin']);
    const login = await t.auth.sessions.login('root', PASSWORD);
    if (login.status !== 'authenticated') throw new Error('expected tokens');
    const root = await t.auth.authenticate(login.tokens.accessToken);
    expect((await t.auth.authorize(root, 'users:read')).reason).toBe('mfa_required');
    const { secret } = await t.auth.mfa.enrol(root);
    await t.auth.mfa.confirm(root, await code(secret));
    const user = await t.auth.core.users.findById(id);
    const fresh = await t.auth.sessions.issue(user as NonNullable<typeof user>, Math.floor(t.clock.now() / 1000));
    expect((await t.auth.authorize(await t.auth.authenticate(fresh.accessToken), 'users:read')).allowed).toBe(true);
  });
});

describe('TOTP secrets at rest', () => {
  beforeEach(async () => {
    await t.cleanup();
    const box = createSecretBox({ keys: [{ id: 'k1', key: systemIds.bytes(32) }], activeKeyId: 'k1', ids: systemIds });
    t = await createTestAuth('sqlite', { secretBox: totpSecretBox(box) });
    const id = await t.seedUser('dana', ['operator']);
    dana = { id, type: 'user', name: 'dana', roles: ['operator'] };
  });

  it('stores the secret sealed, and codes still verify', async () => {
    const { secret } = await t.auth.mfa.enrol(dana);
    const row = await t.test.db.kysely.selectFrom('user_mfa').select('secret').executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^ce1\.k1\./);
    expect(row.secret).not.toContain(secret);
    await expect(t.auth.mfa.confirm(dana, await code(secret))).resolves.toHaveProperty('recoveryCodes');
  });

  it('does not open an envelope copied to another user', async () => {
    await t.auth.mfa.enrol(dana);
    const erinId = await t.seedUser('erin', ['viewer']);
    const erin: Principal = { id: erinId, type: 'user', name: 'erin', roles: ['viewer'] };
    await t.auth.mfa.enrol(erin);
    const danaRow = await t.test.db.kysely.selectFrom('user_mfa').select('secret').where('user_id', '=', dana.id).executeTakeFirstOrThrow();
    await t.test.db.kysely.updateTable('user_mfa').set({ secret: danaRow.secret }).where('user_id', '=', erinId).execute();
    await expect(t.auth.mfa.confirm(erin, '123456')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('still opens a secret stored before encryption', async () => {
    const { secret } = await t.auth.mfa.enrol(dana);
    await t.test.db.kysely.updateTable('user_mfa').set({ secret }).where('user_id', '=', dana.id).execute();
    await expect(t.auth.mfa.confirm(dana, await code(secret))).resolves.toHaveProperty('recoveryCodes');
  });
});
