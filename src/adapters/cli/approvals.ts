/**
 * `code-engine approvals list|get|approve|deny|execute`: friendly commands over the approvals_* operations, in-process
 * (as the local principal, or the owner of CODE_ENGINE_API_KEY) or against a remote server with --url/--api-key.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { type ApprovalView, approvalViewSchema } from '../../policy/approvals/approval-view.js';
import { renderTable } from './output.js';
import type { CliExtension } from './program.js';
import type { RemoteTarget, ToolsCliHandlers } from './tools.js';

/** The work behind the commands: a gateway call (src/main passes the tools command handler's `call`). */
export type ApprovalsCliHandlers = Pick<ToolsCliHandlers, 'call'>;

interface RemoteOpts {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

const listOutput = z.object({ approvals: z.array(approvalViewSchema), nextCursor: z.string().optional() });
const limitSchema = z.coerce.number().int().min(1).max(200);

function withRemote(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'a remote code-engine (default: in-process; env CODE_ENGINE_URL)')
    .option('--api-key <key>', 'API key for --url (env CODE_ENGINE_API_KEY)')
    .option('--json', 'print JSON');
}

const remoteOf = (o: RemoteOpts): RemoteTarget => ({ url: o.url, apiKey: o.apiKey });

function describeApproval(v: ApprovalView): string {
  const lines = [
    `${v.id} — ${v.operation} (${v.effects}): ${v.status}${v.status === 'pending' ? `, ${v.approvals}/${v.quorum} approvals` : ''}`,
    `requested by ${v.requester.name} (${v.requester.type} ${v.requester.id}) via ${v.face} at ${v.createdAt}; expires ${v.expiresAt}`,
    `reason: ${v.reason}${v.rules.length ? ` [rules: ${v.rules.join(', ')}]` : ''}`,
    `arguments (redacted): ${JSON.stringify(v.arguments)}`,
    ...v.votes.map((x) => `  ${x.decision} by ${x.voter.name} at ${x.at}${x.comment ? `: ${x.comment}` : ''}`),
  ];
  if (v.execution)
    lines.push(
      `executed at ${v.executedAt}: ${v.execution.outcome ?? 'running'}${v.execution.errorCode ? ` (${v.execution.errorCode})` : ''}`,
    );
  lines.push(`link: ${v.link}`);
  return lines.join('\n');
}

/**
 * The `approvals` command group.
 * @example buildProgram(handlers, io, VERSION, [approvalsCommands(createApprovalsCliHandlers(proc))])
 */
export function approvalsCommands(handlers: ApprovalsCliHandlers): CliExtension {
  return function approvalsCommandGroup(program, { io, context }) {
    const approvals = program.command('approvals').description('list, approve, deny and execute calls held back for approval');
    const call = async (cmd: Command, tool: string, args: Record<string, unknown>, opts: RemoteOpts, confirmed = false) =>
      (await handlers.call(context(cmd), tool, args, { confirmed, remote: remoteOf(opts) })).output;
    const show = (opts: RemoteOpts, output: unknown) =>
      io.out(opts.json ? JSON.stringify(output, null, 2) : describeApproval(approvalViewSchema.parse(output)));

    withRemote(
      approvals
        .command('list')
        .description('approval requests, newest first')
        .option('--status <status>', 'pending, approved, denied, expired or executed')
        .option('--operation <name>', 'only this operation')
        .option('--requester <id>', 'only this principal id')
        .option('--limit <n>', 'page size (1–200, default 50)'),
    ).action(async (opts: RemoteOpts & { status?: string; operation?: string; requester?: string; limit?: string }, cmd: Command) => {
      const limit = opts.limit === undefined ? undefined : limitSchema.safeParse(opts.limit);
      if (limit && !limit.success) throw new AppError('E_VALIDATION', `--limit expects a whole number from 1 to 200, got "${opts.limit}".`);
      const args = Object.fromEntries(
        Object.entries({ status: opts.status, operation: opts.operation, requester: opts.requester, limit: limit?.data }).filter(
          ([, v]) => v !== undefined,
        ),
      );
      const output = await call(cmd, 'approvals_list', args, opts);
      if (opts.json) return io.out(JSON.stringify(output, null, 2));
      const { approvals: list } = listOutput.parse(output);
      io.out(
        list.length
          ? renderTable(
              ['ID', 'OPERATION', 'STATUS', 'VOTES', 'REQUESTER', 'EXPIRES'],
              list.map((v) => [v.id, v.operation, v.status, `${v.approvals}/${v.quorum}`, v.requester.name, v.expiresAt]),
            )
          : 'No approval requests.',
      );
    });

    withRemote(approvals.command('get').description('one request with its votes').argument('<id>', 'approval request id')).action(
      async (id: string, opts: RemoteOpts, cmd: Command) => show(opts, await call(cmd, 'approvals_get', { id }, opts)),
    );

    withRemote(
      approvals
        .command('approve')
        .description('approve a request (needs approvals:decide; never your own)')
        .argument('<id>', 'approval request id')
        .option('--comment <text>', 'why (kept with the vote)'),
    ).action(async (id: string, opts: RemoteOpts & { comment?: string }, cmd: Command) =>
      show(opts, await call(cmd, 'approvals_approve', { id, ...(opts.comment ? { comment: opts.comment } : {}) }, opts)),
    );

    withRemote(
      approvals
        .command('deny')
        .description('deny a request (needs approvals:decide; never your own)')
        .argument('<id>', 'approval request id')
        .requiredOption('--reason <text>', 'why, shown to the requester'),
    ).action(async (id: string, opts: RemoteOpts & { reason: string }, cmd: Command) =>
      show(opts, await call(cmd, 'approvals_deny', { id, reason: opts.reason }, opts)),
    );

    withRemote(
      approvals
        .command('execute')
        .description('run your approved call once, with the arguments that were approved')
        .argument('<id>', 'approval request id')
        .option('-y, --yes', 'confirm a destructive call'),
    ).action(async (id: string, opts: RemoteOpts & { yes?: boolean }, cmd: Command) => {
      const output = await call(cmd, 'approvals_execute', { id }, opts, opts.yes === true);
      io.out(opts.json ? JSON.stringify(output, null, 2) : String((output as { text?: unknown }).text ?? ''));
    });
  };
}
