/**
 * How a secret appears in findings and reports: at most a short, non-secret prefix (a vendor marker such as
 * "ghp_" or "AKIA") followed by a mask, never the key material.
 */

/** Mask `secret`, keeping at most `visiblePrefix` characters and never more than a quarter of it. */
export function redactSecret(secret: string, visiblePrefix = 0): string {
  const keep = Math.max(0, Math.min(visiblePrefix, Math.floor(secret.length / 4)));
  return `${secret.slice(0, keep)}${'*'.repeat(Math.min(Math.max(secret.length - keep, 4), 12))}`;
}
