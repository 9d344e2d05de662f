/**
 * What identifies an approved call: the operation and its full arguments, hashed in canonical form, so the same
 * call hashes the same whatever the key order and any change to any argument gives another digest.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../auth/audit/canonical-json.js';

/**
 * `sha256:<hex>` of the canonical JSON of `{ operation, input }` (the full, unredacted, validated arguments).
 * @example approvalDigest('kubernetes_scale_deployment', { namespace: 'prod', name: 'api', replicas: 0 })
 */
export function approvalDigest(operation: string, input: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonicalJson({ operation, input })).digest('hex')}`;
}
