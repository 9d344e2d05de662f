/**
 * `code-engine policy explain|test|axioms|rules …`: friendly commands over the policy_* operations, in-process (as
 * the local principal, or the owner of CODE_ENGINE_API_KEY) or against a remote server with --url/--api-key.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../../core/errors.js';
import { renderTable } from './output.js';
import { CliExit, type CliExtension } from './program.js';
import type { RemoteTarget, ToolsCliHandlers } from './tools.js';

/** The work behind the commands: a gateway call (src/main passes the tools command handler's `call`). */
export type PolicyCliHandlers = Pick<ToolsCliHandlers, 'call'>;

interface RemoteOpts {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

const remoteOf = (o: RemoteOpts): RemoteTarget => ({ url: o.url, apiKey: o.apiKey });

function withRemote(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'a remote code-engine (default: in-process; env CODE_ENGINE_URL)')
    .option('--api-key <key>', 'API key for --url (env CODE_ENGINE_API_KEY)')
    .option('--json', 'print JSON');
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text, { schema: 'core', maxAliasCount: 100 });
  } catch (e) {
    throw new AppError('E_VALIDATION', `${what} is not valid JSON or YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError('E_VALIDATION', `${what} must be an object.`);
  return value as Record<string, unknown>;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new AppError('E_NOT_FOUND', `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`, { cause });
  }
}

const bool = (v: string | undefined, flag: string): boolean | undefined => {
  if (v === undefined) return undefined;
  if (v === 'true' || v === 'on') return true;
  if (v === 'false' || v === 'off') return false;
  throw new AppError('E_VALIDATION', `${flag} expects true or false, got "${v}".`);
};

/**
 * The `policy` command group.
 * @example buildProgram(handlers, io, VERSION, [policyCommands(createPolicyCliHandlers(proc))])
 */
export function policyCommands(handlers: PolicyCliHandlers): CliExtension {
  return function policyCommandGroup(program, { io, context }) {
    const policy = program.command('policy').description('explain policy decisions, test rule files, list axioms and manage rules');
    const call = async (cmd: Command, tool: string, args: Record<string, unknown>, opts: RemoteOpts) =>
      handlers.call(context(cmd), tool, args, { confirmed: false, remote: remoteOf(opts) });
    const print = (opts: RemoteOpts, r: { output: unknown; text: string }) =>
      io.out(opts.json ? JSON.stringify(r.output, null, 2) : r.text);

    withRemote(
      policy
        .command('explain')
        .description('which axioms and rules match a call, and the decision (nothing runs)')
        .argument('<operation>', 'tool name, e.g. kubernetes_scale_deployment')
        .option('--args <json>', 'the call’s arguments as a JSON object', '{}')
        .option('--env <environment>', 'evaluate in this environment')
        .option('--effects <effects>', 'effects of an operation that is not registered (read, write, destructive, external)')
        .option('--at <time>', 'evaluate at this ISO-8601 time')
        .option('--as <id>', 'explain for this principal id instead of yourself')
        .option('--role <role>', 'a role of --as (repeatable)', (v: string, p: string[] = []) => [...p, v])
        .option('--type <type>', 'principal type of --as: user, api_key or service', 'user')
        .option('--mfa-age <minutes>', 'minutes since --as verified MFA'),
    ).action(async (operation: string, opts: RemoteOpts & Record<string, string | string[] | undefined>, cmd: Command) => {
      const args: Record<string, unknown> = { operation, arguments: parseObject(String(opts.args), '--args') };
      if (opts.env) args.environment = opts.env;
      if (opts.effects) args.effects = opts.effects;
      if (opts.at) args.at = opts.at;
      if (opts.as) {
        args.principal = {
          id: opts.as,
          type: opts.type,
          roles: opts.role ?? [],
          ...(opts.mfaAge !== undefined ? { mfaAgeMinutes: Number(opts.mfaAge) } : {}),
        };
      }
      print(opts, await call(cmd, 'policy_explain', args, opts));
    });

    withRemote(
      policy
        .command('test')
        .description('run a rule file’s test cases; exit 1 when one fails')
        .argument('<file>', 'rule file (YAML or JSON)'),
    ).action(async (file: string, opts: RemoteOpts, cmd: Command) => {
      const r = await call(cmd, 'policy_rules_test', { document: await readText(file) }, opts);
      print(opts, r);
      if ((r.output as { failed: number }).failed > 0) throw new CliExit(1);
    });

    const axioms = policy.command('axioms').description('the built-in axioms');
    withRemote(axioms.command('list', { isDefault: true }).description('every axiom with its state')).action(
      async (opts: RemoteOpts, cmd: Command) => {
        const r = await call(cmd, 'policy_list_axioms', {}, opts);
        if (opts.json) return io.out(JSON.stringify(r.output, null, 2));
        const list = (r.output as { axioms: Array<Record<string, unknown>> }).axioms;
        const state = (a: Record<string, unknown>) => (a.enabled ? (a.dryRun ? 'dry-run' : 'on') : 'off');
        io.out(
          renderTable(
            ['ID', 'STATE', 'SEVERITY', 'EFFECT', 'TITLE'],
            list.map((a) => [a.id, state(a), a.severity, a.effect, a.title]),
          ),
        );
      },
    );
    withRemote(
      axioms
        .command('set')
        .description('switch an axiom at run time, for every replica')
        .argument('<id>', 'axiom id, e.g. AX-16')
        .option('--enabled <bool>', 'true or false')
        .option('--dry-run <bool>', 'true (log only) or false (enforce)'),
    ).action(async (id: string, opts: RemoteOpts & { enabled?: string; dryRun?: string }, cmd: Command) => {
      const enabled = bool(opts.enabled, '--enabled');
      const dryRun = bool(opts.dryRun, '--dry-run');
      print(
        opts,
        await call(
          cmd,
          'policy_set_axiom',
          { id, ...(enabled !== undefined ? { enabled } : {}), ...(dryRun !== undefined ? { dryRun } : {}) },
          opts,
        ),
      );
    });

    const rules = policy.command('rules').description('user rules (rule files are listed, read-only)');
    withRemote(rules.command('list', { isDefault: true }).description('every rule in force')).action(
      async (opts: RemoteOpts, cmd: Command) => print(opts, await call(cmd, 'policy_rules_list', {}, opts)),
    );
    withRemote(rules.command('get').description('one rule').argument('<id>')).action(async (id: string, opts: RemoteOpts, cmd: Command) =>
      print(opts, await call(cmd, 'policy_rules_get', { id }, opts)),
    );
    withRemote(rules.command('create').description('store the rule in FILE (one rule, YAML or JSON)').argument('<file>')).action(
      async (file: string, opts: RemoteOpts, cmd: Command) =>
        print(opts, await call(cmd, 'policy_rules_create', parseObject(await readText(file), file), opts)),
    );
    withRemote(
      rules
        .command('update')
        .description('replace rule ID with the rule in FILE')
        .argument('<id>')
        .argument('<file>')
        .option('--revision <n>', 'fail unless the rule is at this revision'),
    ).action(async (id: string, file: string, opts: RemoteOpts & { revision?: string }, cmd: Command) => {
      const rule = {
        ...parseObject(await readText(file), file),
        id,
        ...(opts.revision ? { expectedRevision: Number(opts.revision) } : {}),
      };
      print(opts, await call(cmd, 'policy_rules_update', rule, opts));
    });
    withRemote(rules.command('delete').description('delete a stored rule').argument('<id>')).action(
      async (id: string, opts: RemoteOpts, cmd: Command) => print(opts, await call(cmd, 'policy_rules_delete', { id }, opts)),
    );
  };
}
