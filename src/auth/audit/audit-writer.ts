/**
 * Appends events to the chain. Events are validated, their details redacted and canonicalized, then queued;
 * one drain loop writes whatever is queued (up to `batchSize`) in one locked transaction, linking each row
 * to the hash of the row before it.
 */
import type { Kysely } from 'kysely';
import type { Clock, Ids } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { Tables } from '../../db/tables.js';
import { redact } from '../../security/redact.js';
import type { AuditEvent } from '../principal.js';
import { type AuditHashInput, GENESIS_HASH, hashAuditRow } from './audit-hash.js';
import { auditEventSchema } from './audit-record.js';
import { canonicalJson } from './canonical-json.js';
import type { ChainLock } from './chain-lock.js';

/** A row ready to be chained: every hashed field but `prev_hash`. */
export type PreparedAuditRow = Omit<AuditHashInput, 'prev_hash'>;

export interface AuditWriterOptions {
  chain: ChainLock;
  clock: Clock;
  ids: Ids;
  hmacKey?: string | undefined;
  /** Canonical details larger than this are replaced by a truncation marker with a preview. */
  maxDetailsBytes: number;
  /** Literal secrets to scrub from details in addition to the redactor's patterns. */
  knownSecrets?: readonly string[];
  /** Most events written in one transaction. */
  batchSize?: number;
}

/** Validate, redact and serialize one event (no database access). Throws E_VALIDATION on a malformed event. */
export function prepareAuditRow(
  event: AuditEvent,
  options: Pick<AuditWriterOptions, 'clock' | 'ids' | 'maxDetailsBytes' | 'knownSecrets'>,
): PreparedAuditRow {
  const parsed = auditEventSchema.safeParse(event);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(event)', message: i.message }));
    throw new AppError('E_VALIDATION', `Invalid audit event: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  const e = parsed.data;
  // Redact before anything is serialized: a secret must never reach the row, the hash input or an export.
  const safe = redact(e.details ?? {}, { knownSecrets: options.knownSecrets ?? [] });
  let details = canonicalJson(safe);
  if (Buffer.byteLength(details) > options.maxDetailsBytes) {
    details = canonicalJson({ truncated: true, sizeBytes: Buffer.byteLength(details), preview: details.slice(0, 512) });
  }
  return {
    id: options.ids.uuid(),
    ts: new Date(options.clock.now()).toISOString(),
    principal_id: e.principal?.id ?? null,
    principal_type: e.principal?.type ?? null,
    action: e.action,
    target: e.target ?? null,
    outcome: e.outcome,
    client_ip: e.clientIp ?? null,
    request_id: e.requestId ?? null,
    details,
  };
}

/** The hash the next row must link to: the last row's, else the latest prune anchor's, else genesis. */
export async function chainHead(k: Kysely<Tables>): Promise<string> {
  const last = await k.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (last) return last.hash;
  const anchor = await k.selectFrom('audit_checkpoints').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return anchor?.hash ?? GENESIS_HASH;
}

/** Append prepared rows inside a transaction that holds the chain lock. Returns the hashes written. */
export async function appendRows(k: Kysely<Tables>, rows: readonly PreparedAuditRow[], hmacKey?: string): Promise<string[]> {
  let prev = await chainHead(k);
  const hashes: string[] = [];
  for (const row of rows) {
    const full: AuditHashInput = { ...row, prev_hash: prev };
    const hash = hashAuditRow(full, hmacKey);
    await k
      .insertInto('audit_log')
      .values({ ...full, hash })
      .execute();
    hashes.push(hash);
    prev = hash;
  }
  return hashes;
}

interface Pending {
  row: PreparedAuditRow;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The queueing writer behind `AuditLog.record`. */
export function createAuditWriter(options: AuditWriterOptions): { record(event: AuditEvent): Promise<void> } {
  const batchSize = options.batchSize ?? 200;
  // Frozen, so the redactor builds its scrubber for these secrets once, not on every event.
  const rowOptions = { ...options, knownSecrets: Object.freeze([...(options.knownSecrets ?? [])]) };
  const queue: Pending[] = [];
  let draining = false;

  const drain = async (): Promise<void> => {
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, batchSize);
        try {
          await options.chain.run((k) =>
            appendRows(
              k,
              batch.map((p) => p.row),
              options.hmacKey,
            ),
          );
          for (const p of batch) p.resolve();
        } catch (cause) {
          const error = new AppError('E_UNAVAILABLE', `Cannot write the audit log: ${(cause as Error).message}`, { cause });
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      draining = false;
    }
  };

  return {
    async record(event) {
      const row = prepareAuditRow(event, rowOptions);
      return new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (!draining) void drain();
      });
    },
  };
}
