/**
 * `code-engine advisories import FILE|DIR… | list`: load OSV advisories into the offline database that
 * dependency scans match against, and list what is stored.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { AdvisoryImportResult, AdvisorySummary } from '../../crawler/deps/advisories/advisory-store.js';
import { renderTable } from './output.js';
import { type CliContext, CliExit, type CliExtension } from './program.js';

/** What `advisories import` reports. */
export interface AdvisoriesImportOutcome extends AdvisoryImportResult {
  /** Database description without credentials. */
  database: string;
  /** JSON files read. */
  files: number;
}

/** Filters of `advisories list`. */
export interface AdvisoriesListOptions {
  ecosystem?: string | undefined;
  package?: string | undefined;
  limit: number;
  offset: number;
}

/** The work behind the advisories commands, implemented in src/main/advisories-cli.ts. */
export interface AdvisoriesCliHandlers {
  advisoriesImport(ctx: CliContext, paths: readonly string[]): Promise<AdvisoriesImportOutcome>;
  advisoriesList(ctx: CliContext, options: AdvisoriesListOptions): Promise<{ total: number; advisories: AdvisorySummary[] }>;
}

const listFlags = z.object({
  ecosystem: z.string().min(1).optional(),
  package: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * The `advisories` command group.
 * @example buildProgram(handlers, io, VERSION, [advisoriesCommands(createAdvisoriesCliHandlers(proc))])
 */
export function advisoriesCommands(handlers: AdvisoriesCliHandlers): CliExtension {
  return function advisoriesCommandGroup(program, { io, context }) {
    const advisories = program.command('advisories').description('offline vulnerability advisories (OSV format) for dependency scans');

    advisories
      .command('import')
      .description('import OSV advisories from JSON files or directories of them (newer "modified" wins); exit 1 if nothing valid was read')
      .argument('<paths...>', 'OSV JSON files (one advisory, an array, or {"vulns": [...]}) or directories searched recursively')
      .option('--json', 'print JSON')
      .action(async (paths: string[], opts: { json?: boolean }, cmd: Command) => {
        const r = await handlers.advisoriesImport(context(cmd), paths);
        if (opts.json) io.out(JSON.stringify(r, null, 2));
        else {
          io.out(
            `Imported ${r.added} new and ${r.updated} updated advisories (${r.unchanged} unchanged) from ${r.files} file(s) into ${r.database}.`,
          );
          for (const p of r.problems) io.err(`skipped ${p.path}: ${p.message}`);
        }
        if (r.problems.length > 0 && r.added + r.updated + r.unchanged === 0) throw new CliExit(1);
      });

    advisories
      .command('list')
      .description('list stored advisories, by id')
      .option('--ecosystem <name>', 'only this OSV ecosystem, e.g. npm, PyPI, Go, crates.io, Maven, RubyGems')
      .option('--package <name>', 'only advisories affecting this package')
      .option('--limit <n>', 'rows to show (1–10000)', '50')
      .option('--offset <n>', 'rows to skip', '0')
      .option('--json', 'print JSON')
      .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => {
        const parsed = listFlags.safeParse(opts);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => ({ path: `--${String(i.path[0] ?? '')}`, message: i.message }));
          throw new AppError('E_VALIDATION', `Invalid option: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
        }
        const { total, advisories: rows } = await handlers.advisoriesList(context(cmd), parsed.data);
        if (opts.json) {
          io.out(JSON.stringify({ total, advisories: rows }, null, 2));
          return;
        }
        if (rows.length === 0) {
          io.out(total === 0 ? 'No advisories stored. Import some with `code-engine advisories import DIR`.' : 'No advisories match.');
          return;
        }
        io.out(
          renderTable(
            ['ID', 'SEVERITY', 'MODIFIED', 'PACKAGES', 'SUMMARY'],
            rows.map((a) => [
              a.withdrawn ? `${a.id} (withdrawn)` : a.id,
              a.severity,
              a.modified.slice(0, 10),
              a.packages.join(', '),
              (a.summary ?? '').slice(0, 80),
            ]),
          ),
        );
        io.out(`\n${rows.length} shown of ${total} stored.`);
      });
  };
}
