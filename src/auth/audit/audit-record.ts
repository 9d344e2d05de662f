/**
 * Shapes of the audit log: the validated event, the stored record as clients see it, and the query filter.
 * The zod schemas here are the single source for the REST query string, the CLI flags and the service input.
 */
import { z } from 'zod';
import type { AuditLogTable } from '../../db/tables.js';
import { canonicalJson } from './canonical-json.js';

const isoTime = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .describe('ISO-8601 time, e.g. 2026-01-31T12:00:00Z');

/** One event as written by a capability (validated before it is hashed). */
export const auditEventSchema = z.object({
  action: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'letters, digits and _.:- only, at most 128 characters')
    .describe('Dotted action name, e.g. auth.login'),
  outcome: z.enum(['success', 'failure', 'denied', 'error']),
  principal: z.object({ id: z.string().min(1).max(256), type: z.enum(['user', 'api_key', 'service']) }).nullish(),
  target: z.string().max(512).nullish(),
  clientIp: z.string().max(64).nullish(),
  requestId: z.string().max(128).nullish(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** A stored audit row, as the API, the CLI and NDJSON exports show it. */
export const auditRecordSchema = z
  .object({
    seq: z.number().int().describe('Position in the chain (ascending, may have gaps)'),
    id: z.string(),
    ts: z.string().describe('ISO-8601 UTC time of the event'),
    principalId: z.string().nullable(),
    principalType: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    outcome: z.string(),
    clientIp: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).describe('Redacted event details'),
    prevHash: z.string().describe('Hash of the previous row (the chain link)'),
    hash: z.string().describe('sha256:<hex> or hmac-sha256:<hex> of this row'),
  })
  .meta({ id: 'AuditRecord' });

export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** Filters shared by query and export. All are optional and combine with AND. */
export const auditFilterSchema = z.object({
  principal: z.string().min(1).max(256).optional().describe('Exact principal id'),
  principalType: z.enum(['user', 'api_key', 'service']).optional(),
  action: z.string().min(1).max(128).optional().describe('Action prefix, e.g. "auth." or "auth.login"'),
  outcome: z.enum(['success', 'failure', 'denied', 'error']).optional(),
  target: z.string().min(1).max(512).optional().describe('Exact target, e.g. user:42'),
  from: isoTime.optional().describe('Events at or after this time (ISO-8601)'),
  to: isoTime.optional().describe('Events strictly before this time (ISO-8601)'),
});

export type AuditFilter = z.input<typeof auditFilterSchema>;

/** A page request: filters plus an opaque cursor and a page size. */
export const auditQuerySchema = auditFilterSchema.extend({
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional()
    .describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Page size, 1–500 (default 50)'),
  order: z.enum(['desc', 'asc']).default('desc').describe('desc = newest first (default)'),
});

export type AuditQuery = z.input<typeof auditQuerySchema>;

/** One page of records; `nextCursor` is absent on the last page. */
export interface AuditPage {
  items: AuditRecord[];
  nextCursor?: string;
}

/** Map a database row to the public record. Unparseable details are shown, not hidden, so tampering stays visible. */
export function toAuditRecord(row: Omit<AuditLogTable, 'seq'> & { seq: number }): AuditRecord {
  let details: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(row.details);
    details =
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
  } catch {
    details = { unparseable: row.details.slice(0, 200) };
  }
  return {
    seq: Number(row.seq),
    id: row.id,
    ts: row.ts,
    principalId: row.principal_id,
    principalType: row.principal_type,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    clientIp: row.client_ip,
    requestId: row.request_id,
    details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Map an exported record back to the stored row shape, for verifying an NDJSON export or archive offline.
 * Details are re-serialized canonically, which reproduces the stored text exactly.
 */
export function fromAuditRecord(record: AuditRecord): Omit<AuditLogTable, 'seq'> & { seq: number } {
  return {
    seq: record.seq,
    id: record.id,
    ts: record.ts,
    principal_id: record.principalId,
    principal_type: record.principalType,
    action: record.action,
    target: record.target,
    outcome: record.outcome,
    client_ip: record.clientIp,
    request_id: record.requestId,
    details: canonicalJson(record.details),
    prev_hash: record.prevHash,
    hash: record.hash,
  };
}

/** Encode a sequence number as an opaque page cursor. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`).toString('base64url');
}

/** Decode a page cursor; undefined when it was not made by encodeCursor. */
export function decodeCursor(cursor: string): number | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s(\d{1,15})$/.exec(text);
  return match ? Number(match[1]) : undefined;
}
