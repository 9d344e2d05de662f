/**
 * The CLI's handlers: each loads the config with the command's flags and does its work through src/ services.
 */
import type { CliContext, CliHandlers } from '../adapters/cli/program.js';
import { CliExit } from '../adapters/cli/program.js';
import { type LoadConfigOptions, loadConfig } from '../core/config/load.js';
import { redactedConfig } from '../core/config/print.js';
import { createDatabase } from '../db/database.js';
import { migrateToLatest, migrationStatus } from '../db/migrate.js';
import { runDoctor } from './doctor.js';
import { allMigrations } from './migrations.js';
import { createRuntime, type Runtime } from './runtime.js';

export interface ProcessInfo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdoutIsTty: boolean;
}

/**
 * Open a runtime for a one-shot command (logs to stderr), apply migrations (failing fast when the database
 * is unreachable), run `fn`, and close everything.
 */
export async function withRuntime<T>(proc: ProcessInfo, ctx: CliContext, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const loaded = loadConfig({
    env: proc.env,
    cwd: proc.cwd,
    overrides: ctx.overrides,
    ...(ctx.configPath ? { configPath: ctx.configPath } : {}),
  });
  const runtime = createRuntime(loaded, { logFd: 2, isTty: false });
  try {
    if (loaded.config.database.autoMigrate) await migrateToLatest(runtime.db, allMigrations);
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

export function createCliHandlers(proc: ProcessInfo): CliHandlers {
  const options = (ctx: CliContext): LoadConfigOptions => ({
    env: proc.env,
    cwd: proc.cwd,
    overrides: ctx.overrides,
    ...(ctx.configPath ? { configPath: ctx.configPath } : {}),
  });
  const withDb = async <T>(ctx: CliContext, fn: (db: ReturnType<typeof createDatabase>) => Promise<T>): Promise<T> => {
    const { config } = loadConfig(options(ctx));
    const db = createDatabase({ url: config.database.url, dataDir: config.dataDir, connectTimeoutMs: config.database.connectTimeoutMs });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };

  return {
    async serve(ctx) {
      const loaded = loadConfig(options(ctx));
      const runtime = createRuntime(loaded, { logFd: 1, isTty: proc.stdoutIsTty });
      // Loaded here, not at the top: other commands (mcp, tools, config) never need the HTTP server.
      const { startServer, stopOnSignals } = await import('./serve.js');
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer(runtime);
      } catch (e) {
        await runtime.close();
        throw e;
      }
      const code = await new Promise<number>((resolve) => stopOnSignals(server, resolve));
      if (code !== 0) throw new CliExit(code);
    },
    async configPrint(ctx) {
      const { config, file, sources } = loadConfig(options(ctx));
      return { config: redactedConfig(config), file, sources };
    },
    async configCheck(ctx) {
      return { file: loadConfig(options(ctx)).file };
    },
    dbMigrate: (ctx) => withDb(ctx, async (db) => ({ database: db.description, applied: await migrateToLatest(db, allMigrations) })),
    dbStatus: (ctx) => withDb(ctx, async (db) => ({ database: db.description, migrations: await migrationStatus(db, allMigrations) })),
    doctor: (ctx) => runDoctor(options(ctx)),
  };
}
