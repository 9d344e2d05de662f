/**
 * Row types of the auth tables, added to the shared `Tables` by declaration merging.
 * Times are ISO-8601 UTC text, booleans 0/1, lists JSON text (see src/db/tables.ts).
 */
import type { Generated } from 'kysely';

/** A user account. */
export interface UsersTable {
  id: string;
  /** Lower-cased, unique. */
  username: string;
  /** Lower-cased, unique when set. */
  email: string | null;
  display_name: string | null;
  /** argon2id PHC string. */
  password_hash: string;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  /** Bumped on password change, disable and reset: tokens carrying an older `ver` stop working. */
  token_version: number;
  mfa_enabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  password_changed_at: string;
}

/** Which roles a user holds. */
export interface UserRolesTable {
  user_id: string;
  role: string;
  granted_at: string;
  granted_by: string | null;
}

/** Custom roles (built-in roles live in code). */
export interface RolesTable {
  name: string;
  description: string;
  /** JSON array of permission patterns. */
  permissions: string;
  /** JSON array of role names. */
  inherits: string;
  created_at: string;
  updated_at: string;
}

/** API keys: only a SHA-256 of the secret part is stored. */
export interface ApiKeysTable {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  /** JSON array of permission patterns. */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Issued refresh tokens, one row per token, grouped by family (one login session). */
export interface RefreshTokensTable {
  jti: string;
  family_id: string;
  user_id: string;
  issued_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

/** Revoked token ids (`jti`) and session families (`fam:<id>`), kept until they would have expired anyway. */
export interface RevokedTokensTable {
  id: string;
  revoked_at: string;
  expires_at: string;
  reason: string;
}

/** A user's TOTP enrolment. */
export interface UserMfaTable {
  user_id: string;
  /** Base32 secret, sealed when secrets-at-rest encryption is available. */
  secret: string;
  confirmed_at: string | null;
  /** Highest RFC 6238 time step accepted so far (replay protection). */
  last_time_step: number;
  created_at: string;
}

/** Recovery codes (SHA-256 of each), single use. */
export interface MfaRecoveryCodesTable {
  id: Generated<number>;
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

declare module '../db/tables.js' {
  interface Tables {
    users: UsersTable;
    user_roles: UserRolesTable;
    roles: RolesTable;
    api_keys: ApiKeysTable;
    refresh_tokens: RefreshTokensTable;
    revoked_tokens: RevokedTokensTable;
    user_mfa: UserMfaTable;
    mfa_recovery_codes: MfaRecoveryCodesTable;
  }
}
