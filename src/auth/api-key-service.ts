/**
 * API keys for CI and services: `ce_<keyid>_<secret>`, shown once. Only SHA-256 of the 256-bit secret is
 * stored (a slow hash adds nothing for random secrets) and compared in constant time. Scopes must be a subset
 * of the creator's permissions; a key acts with its creator's current roles narrowed to its scopes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../core/errors.js';
import { type AuthCore, type CallContext, who } from './auth-core.js';
import { decide, notHeld } from './decide.js';
import { parseInput } from './parse-input.js';
import { permissionSchema } from './permission.js';
import type { Principal } from './principal.js';
import './tables.js';

const KEY_RE = /^ce_([a-f0-9]{16})_([A-Za-z0-9_-]{43})$/;
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const DUMMY_HASH = Buffer.alloc(32);

/** Input of `keys.create`. */
export const createKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100).describe('What the key is for, e.g. "github-actions deploy"'),
  scopes: z.array(permissionSchema).min(1).max(100).describe('Permissions the key may use; each must be one you hold'),
  expiresInDays: z.number().int().min(1).max(3650).default(90).describe('Lifetime in days (1–3650, default 90)'),
});

/** An API key as clients see it (never the secret, except `key` once at creation). */
export interface ApiKeyView {
  id: string;
  name: string;
  userId: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** API key operations. */
export interface ApiKeyService {
  /** Create a key for the calling user; `key` is returned only here. */
  create(actor: Principal, input: z.input<typeof createKeySchema>, ctx?: CallContext): Promise<ApiKeyView & { key: string }>;
  /** The caller's keys, or everyone's with `all` (needs keys:admin). */
  list(actor: Principal, all?: boolean): Promise<ApiKeyView[]>;
  get(actor: Principal, id: string): Promise<ApiKeyView>;
  /** Revoke a key of the caller (or any key with keys:admin). */
  revoke(actor: Principal, id: string, ctx?: CallContext): Promise<ApiKeyView>;
  /** Resolve a presented key to its principal; E_UNAUTHENTICATED for anything wrong. */
  authenticate(key: string): Promise<Principal>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
const isoOrNull = (t: string | null) => t;

type Row = {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
};

const view = (r: Row): ApiKeyView => ({
  id: r.id,
  name: r.name,
  userId: r.user_id,
  scopes: JSON.parse(r.scopes) as string[],
  createdAt: r.created_at,
  expiresAt: isoOrNull(r.expires_at),
  lastUsedAt: isoOrNull(r.last_used_at),
  revokedAt: isoOrNull(r.revoked_at),
});

/** The API key service. */
export function createApiKeyService(core: AuthCore): ApiKeyService {
  const k = core.db.kysely;
  const { clock, ids, log } = core.deps;
  const cache = new Map<string, { row: Row | undefined; until: number }>();
  const lastUsedWritten = new Map<string, number>();
  const invalid = () => new AppError('E_UNAUTHENTICATED', 'The API key is invalid, expired or revoked.');

  const allowed = async (actor: Principal, permission: string) =>
    decide(await core.roles.book(), actor, permission, undefined, { mfaRequiredForAdmins: core.config.mfa.requiredForAdmins });
  const require = async (actor: Principal, permission: string) => {
    const d = await allowed(actor, permission);
    if (!d.allowed) throw new AppError(d.reason === 'mfa_required' ? 'E_MFA_REQUIRED' : 'E_FORBIDDEN', d.explanation);
  };
  const load = async (id: string): Promise<Row | undefined> => {
    const hit = cache.get(id);
    if (hit && hit.until > clock.now()) return hit.row;
    const row = await k.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (core.config.cacheTtlMs > 0) {
      if (cache.size >= 10_000) cache.clear();
      cache.set(id, { row, until: clock.now() + core.config.cacheTtlMs });
    }
    return row;
  };
  const touch = (id: string) => {
    const now = clock.now();
    if (now - (lastUsedWritten.get(id) ?? 0) < LAST_USED_WRITE_INTERVAL_MS) return;
    if (lastUsedWritten.size >= 10_000) lastUsedWritten.clear();
    lastUsedWritten.set(id, now);
    k.updateTable('api_keys')
      .set({ last_used_at: new Date(now).toISOString() })
      .where('id', '=', id)
      .execute()
      .catch((err) => log.warn({ err: (err as Error).message }, 'recording API key use failed'));
  };
  const owned = async (actor: Principal, id: string) => {
    const row = await k.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (row.user_id !== actor.id && !(await allowed(actor, 'keys:admin')).allowed))
      throw new AppError('E_NOT_FOUND', `No API key "${id}".`);
    return row;
  };

  return {
    async create(actor, raw, ctx) {
      await require(actor, 'keys:write');
      if (actor.type !== 'user') throw new AppError('E_FORBIDDEN', 'Only users create API keys.');
      const input = parseInput(createKeySchema, raw);
      const scopes = [...new Set(input.scopes)];
      const missing = notHeld(await core.roles.book(), actor, scopes);
      if (missing.length > 0) {
        await core.audit({ action: 'auth.key.created', outcome: 'denied', principal: who(actor), details: { missing } }, ctx);
        throw new AppError('E_FORBIDDEN', `API key scopes must be permissions you hold; you lack: ${missing.join(', ')}.`, {
          details: { missing },
        });
      }
      const id = ids.bytes(8).toString('hex');
      const secret = ids.bytes(32).toString('base64url');
      const now = clock.now();
      const row: Row = {
        id,
        user_id: actor.id,
        name: input.name,
        secret_hash: sha256(secret).toString('hex'),
        scopes: JSON.stringify(scopes),
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + input.expiresInDays * 86_400_000).toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await k.insertInto('api_keys').values(row).execute();
      await core.audit(
        {
          action: 'auth.key.created',
          outcome: 'success',
          principal: who(actor),
          target: `api_key:${id}`,
          details: { name: input.name, scopes },
        },
        ctx,
      );
      return { ...view(row), key: `ce_${id}_${secret}` };
    },
    async list(actor, all = false) {
      await require(actor, all ? 'keys:admin' : 'keys:read');
      let q = k.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc');
      if (!all) q = q.where('user_id', '=', actor.id);
      return (await q.execute()).map(view);
    },
    async get(actor, id) {
      await require(actor, 'keys:read');
      return view(await owned(actor, id));
    },
    async revoke(actor, id, ctx) {
      await require(actor, 'keys:write');
      const row = await owned(actor, id);
      if (row.revoked_at === null) {
        await k
          .updateTable('api_keys')
          .set({ revoked_at: new Date(clock.now()).toISOString() })
          .where('id', '=', id)
          .execute();
      }
      cache.delete(id);
      await core.audit({ action: 'auth.key.revoked', outcome: 'success', principal: who(actor), target: `api_key:${id}` }, ctx);
      return view((await k.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst()) as Row);
    },
    async authenticate(key) {
      const match = KEY_RE.exec(key);
      if (!match) throw invalid();
      const [, id = '', secret = ''] = match;
      const row = await load(id);
      const presented = sha256(secret);
      // Compare even when the id is unknown, so a wrong id and a wrong secret cost the same.
      const stored = row ? Buffer.from(row.secret_hash, 'hex') : DUMMY_HASH;
      const same = stored.length === presented.length && timingSafeEqual(stored, presented);
      if (!row || !same || row.revoked_at !== null || (row.expires_at !== null && Date.parse(row.expires_at) <= clock.now()))
        throw invalid();
      const user = await core.userCache.get(row.user_id);
      if (!user || user.disabled) throw invalid();
      touch(id);
      return {
        id: row.id,
        type: 'api_key',
        name: row.name,
        roles: user.roles,
        scopes: JSON.parse(row.scopes) as string[],
        credentialId: row.id,
      };
    },
  };
}
