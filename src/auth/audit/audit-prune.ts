/**
 * Retention: archive the oldest rows to NDJSON under the archive directory, then delete them, leaving a checkpoint
 * (the hash of the last pruned row) as the new anchor and an `audit.prune` event in the chain that attests it.
 * Only a prefix of the chain is pruned, so what remains still verifies from the anchor.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Clock, Ids } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { Database } from '../../db/database.js';
import { streamAuditRows } from './audit-query.js';
import { toAuditRecord } from './audit-record.js';
import { appendRows, prepareAuditRow } from './audit-writer.js';
import type { ChainLock } from './chain-lock.js';

const DAY_MS = 86_400_000;

/** What a prune did (or, with dryRun, would do). */
export interface AuditPruneResult {
  /** Rows older than this ISO time are eligible. */
  cutoff: string;
  /** Last pruned seq, null when nothing is old enough. */
  throughSeq: number | null;
  deleted: number;
  /** Path of the NDJSON archive written, null when nothing was pruned or on a dry run. */
  archive: string | null;
  dryRun: boolean;
}

export interface AuditPruneOptions {
  /** Keep this many days; 0 keeps everything. */
  retentionDays: number;
  dryRun?: boolean;
  /** Prune even when verification fails (the archive keeps the evidence). */
  force?: boolean;
}

export interface AuditPruneContext {
  db: Database;
  chain: ChainLock;
  clock: Clock;
  ids: Ids;
  hmacKey: string | undefined;
  archiveDir: string;
  /** Runs the full verification; a broken chain refuses the prune unless forced. */
  verify(): Promise<{ ok: boolean; firstBad: { seq: number; message: string } | null }>;
}

/** Archive and delete the rows older than the retention period. Throws E_CONFLICT when the chain is broken. */
export async function pruneAudit(ctx: AuditPruneContext, options: AuditPruneOptions): Promise<AuditPruneResult> {
  const now = ctx.clock.now();
  const cutoff = new Date(now - Math.max(0, options.retentionDays) * DAY_MS).toISOString();
  const result: AuditPruneResult = { cutoff, throughSeq: null, deleted: 0, archive: null, dryRun: options.dryRun === true };
  if (options.retentionDays <= 0) return result;

  const k = ctx.db.kysely;
  const firstKept = await k
    .selectFrom('audit_log')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('ts', '>=', cutoff)
    .executeTakeFirst();
  let eligible = k
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.max('seq').as('max'), eb.fn.min('seq').as('min'), eb.fn.countAll().as('n')]);
  // Prune a prefix only: a row kept in the middle must keep its predecessor's link.
  if (firstKept?.seq != null) eligible = eligible.where('seq', '<', Number(firstKept.seq));
  const range = await eligible.executeTakeFirst();
  if (!range || range.max == null || Number(range.n) === 0) return result;
  const throughSeq = Number(range.max);
  result.throughSeq = throughSeq;
  result.deleted = Number(range.n);
  if (options.dryRun) return result;

  if (!options.force) {
    const report = await ctx.verify();
    if (!report.ok) {
      throw new AppError(
        'E_CONFLICT',
        `The audit chain is broken (${report.firstBad?.message ?? 'see audit verify'}); pruning would destroy evidence. Run \`code-engine audit verify\`, or prune with --force (the archive keeps the rows).`,
      );
    }
  }

  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const archive = join(ctx.archiveDir, `audit-${Number(range.min)}-${throughSeq}-${stamp}.ndjson`);
  await writeArchive(ctx, archive, throughSeq);
  result.archive = archive;

  await ctx.chain.run(async (trx) => {
    const last = await trx.selectFrom('audit_log').select('hash').where('seq', '=', throughSeq).executeTakeFirst();
    if (!last) throw new AppError('E_CONFLICT', `Audit row seq ${throughSeq} vanished during the prune; run it again.`);
    const deleted = await trx.deleteFrom('audit_log').where('seq', '<=', throughSeq).executeTakeFirst();
    result.deleted = Number(deleted.numDeletedRows);
    const createdAt = new Date(ctx.clock.now()).toISOString();
    await trx
      .insertInto('audit_checkpoints')
      .values({ seq: throughSeq, hash: last.hash, created_at: createdAt, deleted_count: result.deleted, archive: basename(archive) })
      .execute();
    const event = prepareAuditRow(
      {
        action: 'audit.prune',
        outcome: 'success',
        principal: { id: 'code-engine', type: 'service' },
        target: 'audit_log',
        details: { throughSeq, anchorHash: last.hash, deleted: result.deleted, archive: basename(archive), cutoff },
      },
      { clock: ctx.clock, ids: ctx.ids, maxDetailsBytes: 4096 },
    );
    await appendRows(trx, [event], ctx.hmacKey);
  });
  return result;
}

/** Write rows ≤ throughSeq to `file` atomically (temp file, fsync, rename), readable only by the owner. */
async function writeArchive(ctx: AuditPruneContext, file: string, throughSeq: number): Promise<void> {
  await mkdir(ctx.archiveDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.partial`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    let buffer = '';
    for await (const row of streamAuditRows(ctx.db.kysely, {}, { throughSeq })) {
      buffer += `${JSON.stringify(toAuditRecord(row))}\n`;
      if (buffer.length >= 65_536) {
        await handle.write(buffer);
        buffer = '';
      }
    }
    if (buffer) await handle.write(buffer);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
}
