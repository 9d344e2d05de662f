/**
 * `code-engine mcp` (MCP over stdio) and `code-engine tools list|describe|call` — in-process by default,
 * or against a remote server with --url and --api-key.
 */
import type { Command } from 'commander';
import { AppError } from '../../core/errors.js';
import type { OperationDescription } from '../../gateway/describe.js';
import { renderTable } from './output.js';
import type { CliContext, CliExtension } from './program.js';

export interface RemoteTarget {
  url?: string | undefined;
  apiKey?: string | undefined;
}

export interface ToolCallOutcome {
  callId: string;
  tool: string;
  output: unknown;
  text: string;
  durationMs: number;
}

/** The work behind the commands, implemented in src/main. */
export interface ToolsCliHandlers {
  mcpStdio(ctx: CliContext): Promise<void>;
  list(ctx: CliContext, remote: RemoteTarget): Promise<OperationDescription[]>;
  describe(ctx: CliContext, name: string, remote: RemoteTarget): Promise<OperationDescription>;
  call(
    ctx: CliContext,
    name: string,
    args: Record<string, unknown>,
    options: { confirmed: boolean; remote: RemoteTarget },
  ): Promise<ToolCallOutcome>;
}

interface RemoteOpts {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

const remoteOf = (o: { url?: string; apiKey?: string }): RemoteTarget => ({ url: o.url, apiKey: o.apiKey });

function withRemote(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'call a remote code-engine (default: in-process; env CODE_ENGINE_URL)')
    .option('--api-key <key>', 'API key for --url (env CODE_ENGINE_API_KEY)')
    .option('--json', 'print JSON');
}

function parseArgs(json: string | undefined): Record<string, unknown> {
  if (json === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new AppError('E_VALIDATION', `--json is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('E_VALIDATION', '--json must be a JSON object of arguments, e.g. \'{"name": "x"}\'.');
  }
  return value as Record<string, unknown>;
}

export function toolsCommands(handlers: ToolsCliHandlers): CliExtension {
  return function addToolsCommands(program, { io, context }) {
    program
      .command('mcp')
      .description('serve MCP over stdio for Claude Desktop / Claude Code (logs go to stderr)')
      .action(async (_opts: unknown, cmd: Command) => handlers.mcpStdio(context(cmd)));

    const tools = program.command('tools').description('list, describe and call tools through the gateway');
    withRemote(tools.command('list').description('tools you may call').option('--server <name>', 'only this tool server')).action(
      async (opts: RemoteOpts & { server?: string }, cmd: Command) => {
        const all = await handlers.list(context(cmd), remoteOf(opts));
        const list = opts.server ? all.filter((t) => t.server === opts.server) : all;
        if (opts.json) return io.out(JSON.stringify(list, null, 2));
        io.out(
          list.length
            ? renderTable(
                ['TOOL', 'EFFECTS', 'PERMISSION', 'TITLE'],
                list.map((t) => [t.name, t.effects, t.permission, t.title]),
              )
            : 'No tools available to you.',
        );
      },
    );
    withRemote(
      tools.command('describe').description('a tool’s description, permission and schemas').argument('<name>', 'tool name'),
    ).action(async (name: string, opts: RemoteOpts, cmd: Command) => {
      const d = await handlers.describe(context(cmd), name, remoteOf(opts));
      if (opts.json) return io.out(JSON.stringify(d, null, 2));
      io.out(
        [
          `${d.name} — ${d.title}`,
          d.description,
          `server: ${d.server ?? '-'}   permission: ${d.permission}   effects: ${d.effects}`,
          `input schema:\n${JSON.stringify(d.inputSchema, null, 2)}`,
          `output schema:\n${JSON.stringify(d.outputSchema, null, 2)}`,
        ].join('\n'),
      );
    });
    tools
      .command('call')
      .description(`call a tool: code-engine tools call system_version --json '{}'`)
      .argument('<name>', 'tool name')
      .option('--json <arguments>', 'arguments as a JSON object (default {})')
      .option('-o, --output <format>', 'text or json (default: text on a terminal, json otherwise)')
      .option('-y, --yes', 'confirm a destructive tool')
      .option('--url <url>', 'call a remote code-engine (default: in-process; env CODE_ENGINE_URL)')
      .option('--api-key <key>', 'API key for --url (env CODE_ENGINE_API_KEY)')
      .action(
        async (name: string, opts: { url?: string; apiKey?: string; json?: string; output?: string; yes?: boolean }, cmd: Command) => {
          if (opts.output !== undefined && opts.output !== 'text' && opts.output !== 'json')
            throw new AppError('E_VALIDATION', '--output must be text or json.');
          const result = await handlers.call(context(cmd), name, parseArgs(opts.json), {
            confirmed: opts.yes === true,
            remote: remoteOf(opts),
          });
          const asJson = opts.output === 'json' || (opts.output === undefined && !io.isTty);
          io.out(asJson ? JSON.stringify(result.output, null, 2) : result.text);
        },
      );
  };
}
