/**
 * How TOTP secrets are protected at rest. The auth service takes a SecretBox; src/main passes the
 * secrets-at-rest helper of src/security when it exists.
 */

/** Seal a secret before storing it and open it after reading. */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

/**
 * Stores secrets as they are.
 * TODO(#5): replace with the secrets-at-rest helper from src/security once it lands, and re-seal existing rows.
 */
export const plainSecretBox: SecretBox = {
  seal: (plain) => plain,
  open: (sealed) => sealed,
};
