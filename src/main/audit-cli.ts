/**
 * Handlers of `code-engine audit …`: each opens a runtime for the command (migrations applied) and uses services.audit.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditCliHandlers } from '../adapters/cli/audit.js';
import { verifyAuditExport } from '../auth/audit/verify-export.js';
import { loadConfig } from '../core/config/load.js';
import { AppError } from '../core/errors.js';
import { type ProcessInfo, withRuntime } from './cli-handlers.js';

/** Build the audit command handlers for this process. */
export function createAuditCliHandlers(proc: ProcessInfo): AuditCliHandlers {
  return {
    async auditVerify(ctx, options) {
      if (options.file) {
        const file = options.file;
        const { config } = loadConfig({
          env: proc.env,
          cwd: proc.cwd,
          overrides: ctx.overrides,
          ...(ctx.configPath ? { configPath: ctx.configPath } : {}),
        });
        const input = createReadStream(file, 'utf8');
        const opened = new Promise<void>((resolve, reject) => input.once('open', () => resolve()).once('error', reject));
        await opened.catch((cause: NodeJS.ErrnoException) => {
          throw new AppError('E_NOT_FOUND', `Cannot read ${file}: ${cause.code === 'ENOENT' ? 'no such file' : cause.code}.`, { cause });
        });
        const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
        const result = await verifyAuditExport(lines, { hmacKey: config.auth.auditHmacKey });
        return { ok: result.firstBad === null, source: file, checked: result.checked, head: result.head, firstBad: result.firstBad };
      }
      return withRuntime(proc, ctx, async (runtime) => {
        const report = await runtime.services.audit.verify();
        return { ok: report.ok, source: runtime.db.description, checked: report.checked, head: report.head, firstBad: report.firstBad };
      });
    },
    auditExport: (ctx, filter, write) =>
      withRuntime(proc, ctx, async (runtime) => {
        let count = 0;
        for await (const record of runtime.services.audit.export(filter)) {
          await write(`${JSON.stringify(record)}\n`);
          count++;
        }
        return { count };
      }),
    auditPrune: (ctx, options) =>
      withRuntime(proc, ctx, (runtime) =>
        runtime.services.audit.prune({
          ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}),
          dryRun: options.dryRun,
          force: options.force,
        }),
      ),
  };
}
