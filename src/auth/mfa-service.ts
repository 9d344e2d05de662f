/**
 * TOTP multi-factor authentication (RFC 6238, otplib): enrol (otpauth URI + QR code), confirm with a first
 * code, ten single-use recovery codes (stored as SHA-256), disable with password + code, and code checks for
 * the second login step with replay protection (a time step is accepted once).
 */
import { createHash } from 'node:crypto';
import { generateURI, ScureBase32Plugin, verify as verifyTotp } from 'otplib';
import { AppError } from '../core/errors.js';
import { type AuthCore, type CallContext, who } from './auth-core.js';
import type { Principal } from './principal.js';
import type { SecretBox } from './secret-box.js';
import './tables.js';

const base32 = new ScureBase32Plugin();
const RECOVERY_CODES = 10;
const iso = (ms: number) => new Date(ms).toISOString();

/** What enrolment returns (the secret is shown once, for manual entry). */
export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
  /** PNG data URL of the otpauth URI. */
  qrCodeDataUrl: string;
}

/** MFA operations. */
export interface MfaService {
  /** Start (or restart) enrolment for the caller; E_CONFLICT when MFA is already on. */
  enrol(principal: Principal, ctx?: CallContext): Promise<MfaEnrolment>;
  /** Confirm with a first code; turns MFA on and returns 10 recovery codes (shown once). */
  confirm(principal: Principal, code: string, ctx?: CallContext): Promise<{ recoveryCodes: string[] }>;
  /** Turn MFA off after checking the password and a code. */
  disable(principal: Principal, password: string, code: string, ctx?: CallContext): Promise<void>;
  /** Replace the recovery codes after checking the password and a code. */
  regenerateRecoveryCodes(principal: Principal, password: string, code: string, ctx?: CallContext): Promise<{ recoveryCodes: string[] }>;
  /** Check a TOTP or recovery code of a user with MFA on (recovery codes are consumed). */
  verifyCode(userId: string, code: string): Promise<{ ok: boolean; method: 'totp' | 'recovery' }>;
  /** Remove a user's MFA (admin, for a lost device). */
  reset(actor: Principal, userId: string, ctx?: CallContext): Promise<void>;
}

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toUpperCase()).digest('hex');

/** The MFA service; TOTP secrets pass through `box` before they are stored. */
export function createMfaService(core: AuthCore, box: SecretBox): MfaService {
  const k = core.db.kysely;
  const { clock, ids } = core.deps;

  const requireUser = async (principal: Principal) => {
    const user = principal.type === 'user' ? await core.users.findById(principal.id) : undefined;
    if (!user) throw new AppError('E_FORBIDDEN', 'MFA applies to user accounts only.');
    return user;
  };

  const checkTotp = async (userId: string, code: string, confirmedOnly: boolean): Promise<boolean> => {
    const row = await k.selectFrom('user_mfa').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!row || (confirmedOnly && row.confirmed_at === null) || !/^\d{6}$/.test(code)) return false;
    const result = await verifyTotp({
      secret: box.open(row.secret, userId),
      token: code,
      epoch: Math.floor(clock.now() / 1000),
      epochTolerance: 30,
      afterTimeStep: row.last_time_step,
    });
    if (!result.valid || !('timeStep' in result)) return false;
    // Only one request may spend a time step: the conditional update is the replay guard across replicas.
    const updated = await k
      .updateTable('user_mfa')
      .set({ last_time_step: result.timeStep })
      .where('user_id', '=', userId)
      .where('last_time_step', '<', result.timeStep)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  };

  const useRecoveryCode = async (userId: string, code: string): Promise<boolean> => {
    const updated = await k
      .updateTable('mfa_recovery_codes')
      .set({ used_at: iso(clock.now()) })
      .where('user_id', '=', userId)
      .where('code_hash', '=', hashCode(code))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  };

  const verifyCode: MfaService['verifyCode'] = async (userId, raw) => {
    const code = raw.trim();
    if (/^\d{6}$/.test(code)) return { ok: await checkTotp(userId, code, true), method: 'totp' };
    return { ok: code.length <= 64 && (await useRecoveryCode(userId, code)), method: 'recovery' };
  };

  const newRecoveryCodes = async (userId: string): Promise<string[]> => {
    const codes = Array.from({ length: RECOVERY_CODES }, () => base32.encode(ids.bytes(10)).match(/.{4}/g)?.join('-') ?? '');
    await k.transaction().execute(async (trx) => {
      await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      await trx
        .insertInto('mfa_recovery_codes')
        .values(codes.map((c) => ({ user_id: userId, code_hash: hashCode(c), used_at: null })))
        .execute();
    });
    return codes;
  };

  const checkPasswordAndCode = async (principal: Principal, password: string, code: string, ctx?: CallContext) => {
    const user = await requireUser(principal);
    if (!user.mfaEnabled) throw new AppError('E_CONFLICT', 'MFA is not enabled.');
    const passwordOk = await core.hasher.verify(user.passwordHash, password);
    const codeOk = passwordOk && (await verifyCode(user.id, code)).ok;
    if (!codeOk) {
      await core.audit({ action: 'auth.mfa.verify', outcome: 'failure', principal: who(principal), target: `user:${user.id}` }, ctx);
      // 403, not 401: the session is fine, only this confirmation failed (clients must not log the user out).
      throw new AppError('E_FORBIDDEN', 'The password or code is wrong.');
    }
    return user;
  };

  const remove = async (userId: string) => {
    await k.transaction().execute(async (trx) => {
      await trx.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
      await trx.deleteFrom('user_mfa').where('user_id', '=', userId).execute();
    });
    await core.users.update(userId, { mfaEnabled: false });
    core.userCache.invalidate(userId);
  };

  return {
    async enrol(principal, ctx) {
      const user = await requireUser(principal);
      if (user.mfaEnabled) throw new AppError('E_CONFLICT', 'MFA is already enabled; disable it first to enrol a new device.');
      const secret = base32.encode(ids.bytes(20));
      const sealed = box.seal(secret, user.id);
      const now = iso(clock.now());
      await k
        .insertInto('user_mfa')
        .values({ user_id: user.id, secret: sealed, confirmed_at: null, last_time_step: 0, created_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret: sealed, confirmed_at: null, last_time_step: 0, created_at: now }))
        .execute();
      const otpauthUri = generateURI({ issuer: core.config.mfa.issuer, label: user.username, secret });
      await core.audit(
        { action: 'auth.mfa.enrolment_started', outcome: 'success', principal: who(principal), target: `user:${user.id}` },
        ctx,
      );
      // Imported on enrolment only: qrcode (with its PNG encoder) is not needed at start-up (issue #6).
      const { default: QRCode } = await import('qrcode');
      return { secret, otpauthUri, qrCodeDataUrl: await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M' }) };
    },
    async confirm(principal, code, ctx) {
      const user = await requireUser(principal);
      if (user.mfaEnabled) throw new AppError('E_CONFLICT', 'MFA is already enabled.');
      if (!(await checkTotp(user.id, code.trim(), false))) {
        await core.audit({ action: 'auth.mfa.enabled', outcome: 'failure', principal: who(principal), target: `user:${user.id}` }, ctx);
        throw new AppError('E_FORBIDDEN', 'The code is wrong or expired; enrol again if this keeps failing.');
      }
      await k
        .updateTable('user_mfa')
        .set({ confirmed_at: iso(clock.now()) })
        .where('user_id', '=', user.id)
        .execute();
      await core.users.update(user.id, { mfaEnabled: true });
      core.userCache.invalidate(user.id);
      const recoveryCodes = await newRecoveryCodes(user.id);
      await core.audit({ action: 'auth.mfa.enabled', outcome: 'success', principal: who(principal), target: `user:${user.id}` }, ctx);
      return { recoveryCodes };
    },
    async disable(principal, password, code, ctx) {
      const user = await checkPasswordAndCode(principal, password, code, ctx);
      await remove(user.id);
      await core.audit({ action: 'auth.mfa.disabled', outcome: 'success', principal: who(principal), target: `user:${user.id}` }, ctx);
    },
    async regenerateRecoveryCodes(principal, password, code, ctx) {
      const user = await checkPasswordAndCode(principal, password, code, ctx);
      const recoveryCodes = await newRecoveryCodes(user.id);
      await core.audit(
        { action: 'auth.mfa.recovery_codes_regenerated', outcome: 'success', principal: who(principal), target: `user:${user.id}` },
        ctx,
      );
      return { recoveryCodes };
    },
    verifyCode,
    async reset(actor, userId, ctx) {
      if (!(await core.users.findById(userId))) throw new AppError('E_NOT_FOUND', `No user with id "${userId}".`);
      await remove(userId);
      await core.audit({ action: 'auth.mfa.reset', outcome: 'success', principal: who(actor), target: `user:${userId}` }, ctx);
    },
  };
}
