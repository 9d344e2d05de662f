/**
 * The hash of one audit row: SHA-256 (or HMAC-SHA-256 with auth.auditHmacKey) over the canonical JSON of its
 * fields and the previous row's hash. Hashes carry their algorithm (`sha256:` / `hmac-sha256:`) so a log can
 * switch to a key later: every keyed row pins the unkeyed history before it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The `prev_hash` of the first row of a log that was never pruned. */
export const GENESIS_HASH = `sha256:${'0'.repeat(64)}`;

export type AuditHashAlgorithm = 'sha256' | 'hmac-sha256';

/** The hashed fields of a row, as stored (details is the canonical JSON text). */
export interface AuditHashInput {
  id: string;
  ts: string;
  principal_id: string | null;
  principal_type: string | null;
  action: string;
  target: string | null;
  outcome: string;
  client_ip: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
}

/** Version of the hashed layout; bump it (and keep the old one verifiable) if the field list changes. */
const LAYOUT_VERSION = 1;

/** The exact text that is hashed for a row. */
export function auditHashPayload(row: AuditHashInput): string {
  return canonicalJson({
    v: LAYOUT_VERSION,
    id: row.id,
    ts: row.ts,
    principal_id: row.principal_id,
    principal_type: row.principal_type,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    client_ip: row.client_ip,
    request_id: row.request_id,
    details: row.details,
    prev_hash: row.prev_hash,
  });
}

/**
 * Hash a row. With `hmacKey` the result is `hmac-sha256:<hex>`, otherwise `sha256:<hex>`.
 * @example const hash = hashAuditRow({ ...fields, prev_hash: GENESIS_HASH }, config.auth.auditHmacKey)
 */
export function hashAuditRow(row: AuditHashInput, hmacKey?: string): string {
  const payload = auditHashPayload(row);
  if (hmacKey) return `hmac-sha256:${createHmac('sha256', hmacKey).update(payload).digest('hex')}`;
  return `sha256:${createHash('sha256').update(payload).digest('hex')}`;
}

/** The algorithm a stored hash names, or undefined when it is not a hash this log writes. */
export function hashAlgorithm(hash: string): AuditHashAlgorithm | undefined {
  if (/^sha256:[0-9a-f]{64}$/.test(hash)) return 'sha256';
  if (/^hmac-sha256:[0-9a-f]{64}$/.test(hash)) return 'hmac-sha256';
  return undefined;
}

/** Constant-time comparison of two hash strings. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
