/**
 * How TOTP secrets are protected at rest. The MFA service takes a SecretBox; src/main passes `totpSecretBox` over the
 * secrets-at-rest box of src/security (AES-256-GCM envelopes), `plainSecretBox` is for tests only.
 */
import { type SecretBox as AtRestBox, isSealed } from '../security/secret-box.js';

/** Seal a secret before storing it and open it after reading. `context` binds the envelope to one user. */
export interface SecretBox {
  seal(plain: string, context: string): string;
  open(stored: string, context: string): string;
}

/**
 * TOTP secrets sealed with the secrets-at-rest box, authenticated with `auth:totp:<userId>` so an envelope copied to
 * another user does not open. Rows stored before encryption was wired in (plain base32) still open, and are sealed
 * at the user's next enrolment.
 * @example createAuthService({ ..., secretBox: totpSecretBox(services.security.secrets) })
 */
export function totpSecretBox(box: AtRestBox): SecretBox {
  return {
    seal: (plain, context) => box.seal(plain, `auth:totp:${context}`),
    open: (stored, context) => (isSealed(stored) ? box.openString(stored, `auth:totp:${context}`) : stored),
  };
}

/** Stores secrets as they are: for tests and tools that have no key ring. */
export const plainSecretBox: SecretBox = {
  seal: (plain) => plain,
  open: (stored) => stored,
};
