/**
 * The commander program: parses flags, calls the handlers composed in src/main, renders their results.
 * Exit codes: 0 success, 1 failure, 2 bad usage or invalid configuration/input.
 */
import { Command, CommanderError, Option } from 'commander';
import { stringify as toYaml } from 'yaml';
import type { DoctorReport } from './doctor-report.js';
import { type CliOutput, renderTable } from './output.js';

/** What every command receives: where the config comes from and the overrides its flags make. */
export interface CliContext {
  configPath: string | undefined;
  /** Dotted config key → raw value, from named flags and repeated `--set key=value`. */
  overrides: Record<string, string>;
}

export interface MigrationRow {
  name: string;
  executedAt: Date | undefined;
}

/** The work behind each command, implemented in src/main. */
export interface CliHandlers {
  serve(ctx: CliContext): Promise<void>;
  configPrint(ctx: CliContext): Promise<{ config: Record<string, unknown>; file: string | undefined; sources: Map<string, string> }>;
  configCheck(ctx: CliContext): Promise<{ file: string | undefined }>;
  dbMigrate(ctx: CliContext): Promise<{ database: string; applied: string[] }>;
  dbStatus(ctx: CliContext): Promise<{ database: string; migrations: MigrationRow[] }>;
  doctor(ctx: CliContext): Promise<DoctorReport>;
}

/** Thrown to end the CLI with an exit code after the message was printed. */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

interface GlobalOpts {
  config?: string;
  set?: string[];
  logLevel?: string;
  dataDir?: string;
  databaseUrl?: string;
  redisUrl?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** What a capability's command group receives to add its commands. */
export interface CliKit {
  io: CliOutput;
  /** The config context of a command (global flags and `--set`), plus extra overrides. */
  context(command: Command, extra?: Record<string, string>): CliContext;
}

/** A capability's command group (one file under src/adapters/cli/, listed once in src/main/cli.ts). */
export type CliExtension = (program: Command, kit: CliKit) => void;

/** Build the CLI. `version` is printed by --version. */
export function buildProgram(handlers: CliHandlers, io: CliOutput, version: string, extensions: readonly CliExtension[] = []): Command {
  const program = new Command('code-engine')
    .description('MCP-first deployment and operations engine.')
    .version(version, '-v, --version')
    .option('-c, --config <path>', 'config file (YAML or TOML); default: CODE_ENGINE_CONFIG or ./code-engine.yaml')
    .option('--set <key=value>', 'override one config key, e.g. --set server.port=9000 (repeatable)', collect)
    .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .option('--data-dir <dir>', 'data directory (SQLite database, keys)')
    .option('--database-url <url>', 'database URL (postgres://… or a SQLite path)')
    .option('--redis-url <url>', 'Redis URL')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();

  const context = (command: Command, extra: Record<string, string> = {}): CliContext => {
    const g = command.optsWithGlobals<GlobalOpts>();
    const overrides: Record<string, string> = {};
    for (const pair of g.set ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) {
        io.err(`--set expects key=value, got "${pair}".`);
        throw new CliExit(2);
      }
      overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    if (g.logLevel) overrides['log.level'] = g.logLevel;
    if (g.dataDir) overrides.dataDir = g.dataDir;
    if (g.databaseUrl) overrides['database.url'] = g.databaseUrl;
    if (g.redisUrl) overrides['redis.url'] = g.redisUrl;
    return { configPath: g.config, overrides: { ...overrides, ...extra } };
  };

  program
    .command('serve')
    .description('serve the REST API, MCP endpoint, docs and metrics (default 127.0.0.1:7878)')
    .option('-H, --host <host>', 'interface to bind')
    .option('-p, --port <port>', 'TCP port')
    .action(async (opts: { host?: string; port?: string }, cmd: Command) => {
      const extra: Record<string, string> = {};
      if (opts.host) extra['server.host'] = opts.host;
      if (opts.port) extra['server.port'] = opts.port;
      await handlers.serve(context(cmd, extra));
    });

  const config = program.command('config').description('inspect and validate configuration');
  config
    .command('print')
    .description('print the effective configuration (secrets redacted)')
    .option('--json', 'print JSON instead of YAML')
    .option('--sources', 'also list where each non-default value came from')
    .action(async (opts: { json?: boolean; sources?: boolean }, cmd: Command) => {
      const result = await handlers.configPrint(context(cmd));
      io.out(opts.json ? JSON.stringify(result.config, null, 2) : toYaml(result.config));
      if (opts.sources) {
        const rows = [...result.sources].sort(([a], [b]) => a.localeCompare(b));
        io.out(rows.length ? renderTable(['KEY', 'SOURCE'], rows) : 'All values are defaults.');
      }
    });
  config
    .command('check')
    .description('validate the configuration; exit 0 when valid, 2 otherwise')
    .action(async (_opts: unknown, cmd: Command) => {
      const { file } = await handlers.configCheck(context(cmd));
      io.out(`Configuration is valid${file ? ` (file: ${file})` : ' (defaults and environment; no config file)'}.`);
    });

  const db = program.command('db').description('database migrations');
  db.command('migrate')
    .description('apply pending migrations')
    .action(async (_opts: unknown, cmd: Command) => {
      const { database, applied } = await handlers.dbMigrate(context(cmd));
      io.out(
        applied.length
          ? `Applied ${applied.length} migration(s) to ${database}:\n${applied.map((a) => `  ${a}`).join('\n')}`
          : `${database} is up to date.`,
      );
    });
  db.command('status')
    .description('list migrations and whether each is applied')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { database, migrations } = await handlers.dbStatus(context(cmd));
      if (opts.json) {
        io.out(JSON.stringify({ database, migrations }, null, 2));
        return;
      }
      const pending = migrations.filter((m) => !m.executedAt).length;
      io.out(`${database}: ${migrations.length - pending} applied, ${pending} pending`);
      io.out(
        renderTable(
          ['MIGRATION', 'APPLIED AT'],
          migrations.map((m) => [m.name, m.executedAt?.toISOString() ?? 'pending']),
        ),
      );
    });

  program
    .command('doctor')
    .description('check Node.js, configuration, data directory, database and Redis; exit 1 if any check fails')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const report = await handlers.doctor(context(cmd));
      if (opts.json) io.out(JSON.stringify(report, null, 2));
      else {
        io.out(
          renderTable(
            ['CHECK', 'STATUS', 'DETAIL'],
            report.checks.map((c) => [c.name, c.status.toUpperCase(), c.detail]),
          ),
        );
        io.out(report.ok ? '\nAll checks passed.' : '\nSome checks failed; see DETAIL.');
      }
      if (!report.ok) throw new CliExit(1);
    });

  for (const extend of extensions) extend(program, { io, context });
  return program;
}

/** Exit code for a commander parse error (usage: 2) or help/version output (0). */
export function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
  return 2;
}

export { CommanderError };
