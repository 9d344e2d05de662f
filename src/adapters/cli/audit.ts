/**
 * `code-engine audit verify|export|prune`: check the hash chain (exit 1 when broken), stream NDJSON, apply retention.
 */
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import type { AuditPruneResult } from '../../auth/audit/audit-prune.js';
import { type AuditFilter, auditFilterSchema } from '../../auth/audit/audit-record.js';
import type { AuditBreak } from '../../auth/audit/verify-chain.js';
import { AppError } from '../../core/errors.js';
import { type CliContext, CliExit, type CliExtension } from './program.js';

/** What `audit verify` reports, for the database or for an NDJSON file. */
export interface AuditVerifyOutcome {
  ok: boolean;
  /** "database sqlite /data/code-engine.db" or the file path. */
  source: string;
  checked: number;
  head: { seq: number; id: string; hash: string } | null;
  firstBad: AuditBreak | null;
}

/** The work behind the audit commands, implemented in src/main/audit-cli.ts. */
export interface AuditCliHandlers {
  auditVerify(ctx: CliContext, options: { file?: string | undefined }): Promise<AuditVerifyOutcome>;
  auditExport(ctx: CliContext, filter: AuditFilter, write: (chunk: string) => Promise<void>): Promise<{ count: number }>;
  auditPrune(ctx: CliContext, options: { retentionDays?: number | undefined; dryRun: boolean; force: boolean }): Promise<AuditPruneResult>;
}

interface FilterFlags {
  principal?: string;
  principalType?: string;
  action?: string;
  outcome?: string;
  target?: string;
  from?: string;
  to?: string;
}

const daysSchema = z.coerce.number().int().min(0).max(100_000);

function parseFilter(flags: FilterFlags): AuditFilter {
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: `--${String(i.path[0] ?? '')}`, message: i.message }));
  throw new AppError('E_VALIDATION', `Invalid filter: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

/**
 * The `audit` command group.
 * @example buildProgram(handlers, io, VERSION, [auditCommands(createAuditCliHandlers(proc))])
 */
export function auditCommands(handlers: AuditCliHandlers): CliExtension {
  return function auditCommandGroup(program, { io, context }) {
    const audit = program.command('audit').description('verify, export and prune the tamper-evident audit log');

    audit
      .command('verify')
      .description('verify the hash chain; exit 1 and name the first bad row when it is broken')
      .option('--file <ndjson>', 'verify an unfiltered export or a prune archive instead of the database')
      .option('--json', 'print JSON')
      .action(async (opts: { file?: string; json?: boolean }, cmd: Command) => {
        const result = await handlers.auditVerify(context(cmd), { file: opts.file });
        if (opts.json) io.out(JSON.stringify(result, null, 2));
        else if (result.ok) {
          io.out(
            `Audit chain OK: ${result.checked} row(s) verified in ${result.source}${result.head ? `; head seq ${result.head.seq} ${result.head.hash}` : ''}.`,
          );
        } else {
          const bad = result.firstBad as AuditBreak;
          io.out(`Audit chain BROKEN in ${result.source} at seq ${bad.seq} (id ${bad.id}, ${bad.reason}): ${bad.message}`);
          io.out(`${result.checked} row(s) verified before it.`);
        }
        if (!result.ok) throw new CliExit(1);
      });

    audit
      .command('export')
      .description('write matching records as NDJSON (oldest first), to stdout or --out')
      .option('--out <file>', 'write to this file (created with mode 0600) instead of stdout')
      .option('--principal <id>', 'exact principal id')
      .option('--principal-type <type>', 'user, api_key or service')
      .option('--action <prefix>', 'action prefix, e.g. auth.')
      .option('--outcome <outcome>', 'success, failure, denied or error')
      .option('--target <target>', 'exact target')
      .option('--from <time>', 'ISO-8601 time, inclusive')
      .option('--to <time>', 'ISO-8601 time, exclusive')
      .action(async (opts: FilterFlags & { out?: string }, cmd: Command) => {
        const { out, ...flags } = opts;
        const filter = parseFilter(flags);
        if (!out) {
          await handlers.auditExport(context(cmd), filter, async (chunk) => io.out(chunk.replace(/\n$/, '')));
          return;
        }
        const file = createWriteStream(out, { flags: 'wx', mode: 0o600 });
        const opened = new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', reject));
        await opened.catch((cause: NodeJS.ErrnoException) => {
          throw new AppError('E_CONFLICT', `Cannot create ${out}: ${cause.code === 'EEXIST' ? 'the file exists' : cause.code}.`, { cause });
        });
        const write = (chunk: string) =>
          new Promise<void>((resolve, reject) => {
            file.write(chunk, (error) => (error ? reject(error) : resolve()));
          });
        try {
          const { count } = await handlers.auditExport(context(cmd), filter, write);
          io.err(`Exported ${count} record(s) to ${out}.`);
        } finally {
          await new Promise<void>((resolve) => file.end(resolve));
        }
      });

    audit
      .command('prune')
      .description('archive records older than the retention period to NDJSON under the archive directory, then delete them')
      .option('--days <n>', 'keep this many days (default: audit.retentionDays)')
      .option('--dry-run', 'only report what would be pruned')
      .option('--force', 'prune even when the chain does not verify (the archive keeps the evidence)')
      .action(async (opts: { days?: string; dryRun?: boolean; force?: boolean }, cmd: Command) => {
        const days = opts.days === undefined ? undefined : daysSchema.safeParse(opts.days);
        if (days && !days.success) throw new AppError('E_VALIDATION', `--days expects a whole number of days, got "${opts.days}".`);
        const result = await handlers.auditPrune(context(cmd), {
          retentionDays: days?.data,
          dryRun: opts.dryRun === true,
          force: opts.force === true,
        });
        if (result.throughSeq === null) io.out(`Nothing to prune: no record is older than ${result.cutoff}.`);
        else if (result.dryRun)
          io.out(`Would archive and delete ${result.deleted} record(s) up to seq ${result.throughSeq} (older than ${result.cutoff}).`);
        else io.out(`Archived ${result.deleted} record(s) to ${result.archive} and deleted them (up to seq ${result.throughSeq}).`);
      });
  };
}
