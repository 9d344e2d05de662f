/**
 * The tamper-evident audit log: the AuditSink every capability writes to, plus query, NDJSON export,
 * chain verification and retention. Built once in src/main/services.ts as `services.audit`.
 */
import type { Clock, Ids } from '../../core/deps.js';
import type { Database } from '../../db/database.js';
import type { AuditEvent, AuditSink } from '../principal.js';
import { GENESIS_HASH } from './audit-hash.js';
import { type AuditPruneResult, pruneAudit } from './audit-prune.js';
import { queryAudit, streamAuditRows } from './audit-query.js';
import { type AuditFilter, type AuditPage, type AuditQuery, type AuditRecord, toAuditRecord } from './audit-record.js';
import { createAuditWriter } from './audit-writer.js';
import { createChainLock } from './chain-lock.js';
import { type AuditBreak, walkChain } from './verify-chain.js';

/** The outcome of verifying the whole stored chain. */
export interface AuditVerifyReport {
  ok: boolean;
  /** Rows that verified before the first bad one (all rows when ok). */
  checked: number;
  /** Whether an HMAC key was available to check keyed rows. */
  keyed: boolean;
  /** The prune checkpoint the chain starts from, null when never pruned. */
  anchor: { seq: number; hash: string } | null;
  /** The last verified row. Record it elsewhere to detect deletion of the newest rows. */
  head: { seq: number; id: string; hash: string } | null;
  /** The first bad row, null when ok. */
  firstBad: AuditBreak | null;
}

export interface AuditLogOptions {
  db: Database;
  clock: Clock;
  ids: Ids;
  /** auth.auditHmacKey: rows are HMAC-SHA-256 signed when set. */
  hmacKey?: string | undefined;
  /** audit.maxDetailsBytes */
  maxDetailsBytes: number;
  /** audit.retentionDays (0 = keep forever); the default for prune(). */
  retentionDays: number;
  /** Where prune() writes NDJSON archives. */
  archiveDir: string;
  /** Literal secrets (configured keys) scrubbed from details wherever they appear. */
  knownSecrets?: readonly string[];
}

/** The audit log service (an AuditSink with reading, verification and retention). */
export interface AuditLog extends AuditSink {
  /** Append one event (validated, details redacted, hash-chained). Rejects with E_UNAVAILABLE if it cannot be stored. */
  record(event: AuditEvent): Promise<void>;
  /** One page of matching records, newest first by default. */
  query(query?: AuditQuery): Promise<AuditPage>;
  /** Every matching record, oldest first (for NDJSON export). */
  export(filter?: AuditFilter): AsyncIterable<AuditRecord>;
  /** Walk the whole chain and name the first bad row. */
  verify(): Promise<AuditVerifyReport>;
  /** Archive then delete rows older than the retention period. */
  prune(options?: { retentionDays?: number; dryRun?: boolean; force?: boolean }): Promise<AuditPruneResult>;
}

/**
 * Create the audit log over the database.
 * @example
 * const audit = createAuditLog({ db, clock, ids, hmacKey: config.auth.auditHmacKey, maxDetailsBytes: 16384, retentionDays: 365, archiveDir });
 * await audit.record({ action: 'auth.login', outcome: 'success', principal: { id: user.id, type: 'user' }, clientIp, requestId });
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { db, hmacKey } = options;
  const chain = createChainLock(db);
  const writer = createAuditWriter({
    chain,
    clock: options.clock,
    ids: options.ids,
    hmacKey,
    maxDetailsBytes: options.maxDetailsBytes,
    knownSecrets: options.knownSecrets ?? [],
  });

  const verify = async (): Promise<AuditVerifyReport> => {
    const checkpoint = await db.kysely
      .selectFrom('audit_checkpoints')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const anchor = checkpoint ? { seq: Number(checkpoint.seq), hash: checkpoint.hash } : null;
    const walk = await walkChain(streamAuditRows(db.kysely), { startHash: anchor?.hash ?? GENESIS_HASH, hmacKey });
    let firstBad = walk.firstBad;
    if (!firstBad && anchor) {
      // The checkpoint lives outside the chain; the prune event inside it must vouch for it.
      const attested = walk.lastPrune?.details;
      if (!attested || attested.anchorHash !== anchor.hash || Number(attested.throughSeq) !== anchor.seq) {
        firstBad = {
          seq: anchor.seq,
          id: `checkpoint:${anchor.seq}`,
          reason: 'anchor_mismatch',
          message: `The prune checkpoint at seq ${anchor.seq} is not attested by the last audit.prune event in the chain.`,
        };
      }
    }
    return { ok: firstBad === null, checked: walk.checked, keyed: Boolean(hmacKey), anchor, head: walk.head, firstBad };
  };

  return {
    record: (event) => writer.record(event),
    query: (query = {}) => queryAudit(db.kysely, query),
    async *export(filter = {}) {
      for await (const row of streamAuditRows(db.kysely, filter)) yield toAuditRecord(row);
    },
    verify,
    prune: (prune = {}) =>
      pruneAudit(
        { db, chain, clock: options.clock, ids: options.ids, hmacKey, archiveDir: options.archiveDir, verify },
        {
          retentionDays: prune.retentionDays ?? options.retentionDays,
          ...(prune.dryRun ? { dryRun: true } : {}),
          ...(prune.force ? { force: true } : {}),
        },
      ),
  };
}
