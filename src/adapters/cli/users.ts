/**
 * `code-engine users create|list|set-role|reset-password|disable|enable|unlock|delete` and
 * `code-engine auth rotate-key`. Passwords never go on the command line: they are generated (printed once),
 * read from a file, or read from stdin.
 */
import type { Command } from 'commander';
import type { UserView } from '../../auth/user-service.js';
import { AppError } from '../../core/errors.js';
import { renderTable } from './output.js';
import type { CliContext, CliExtension } from './program.js';

/** Where a new password comes from. */
export type PasswordSource = { kind: 'generate' } | { kind: 'file'; path: string } | { kind: 'stdin' };

/** The work behind the user commands, implemented in src/main/users-cli.ts. */
export interface UsersCliHandlers {
  usersCreate(
    ctx: CliContext,
    input: { username: string; email?: string | undefined; displayName?: string | undefined; roles: string[]; password: PasswordSource },
  ): Promise<{ user: UserView; generatedPassword?: string | undefined }>;
  usersList(ctx: CliContext): Promise<UserView[]>;
  usersSetRoles(ctx: CliContext, user: string, roles: string[]): Promise<UserView>;
  usersResetPassword(
    ctx: CliContext,
    user: string,
    password: PasswordSource,
  ): Promise<{ user: UserView; generatedPassword?: string | undefined }>;
  usersSetDisabled(ctx: CliContext, user: string, disabled: boolean): Promise<UserView>;
  usersUnlock(ctx: CliContext, user: string): Promise<UserView>;
  usersDelete(ctx: CliContext, user: string): Promise<void>;
  authRotateKey(ctx: CliContext): Promise<{ kid: string; alg: string }>;
}

interface PasswordFlags {
  passwordFile?: string;
  passwordStdin?: boolean;
}

function passwordSource(flags: PasswordFlags): PasswordSource {
  if (flags.passwordFile && flags.passwordStdin)
    throw new AppError('E_VALIDATION', 'Use either --password-file or --password-stdin, not both.');
  if (flags.passwordFile) return { kind: 'file', path: flags.passwordFile };
  return flags.passwordStdin ? { kind: 'stdin' } : { kind: 'generate' };
}

const splitRoles = (values: string[]) =>
  values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

function describeUser(u: UserView): string {
  const state = u.disabled ? 'disabled' : u.locked ? `locked until ${u.lockedUntil}` : 'active';
  return `${u.username} (${u.id}): roles ${u.roles.join(', ') || '(none)'}; ${state}${u.mfaEnabled ? '; MFA on' : ''}`;
}

/**
 * The `users` and `auth` command groups.
 * @example buildProgram(handlers, io, VERSION, [usersCommands(createUsersCliHandlers(proc))])
 */
export function usersCommands(handlers: UsersCliHandlers): CliExtension {
  return function usersCommandGroup(program, { io, context }) {
    const users = program.command('users').description('manage user accounts and their roles (acts as a local admin)');
    const withPassword = (cmd: Command) =>
      cmd
        .option('--password-file <path>', 'read the password from this file (first line)')
        .option('--password-stdin', 'read the password from stdin (first line)');
    const printPassword = (generated: string | undefined) => {
      if (generated) io.out(`Generated password (shown only now): ${generated}`);
    };

    withPassword(
      users
        .command('create <username>')
        .description('create a user; without --password-file/--password-stdin a password is generated and printed once')
        .option('-r, --role <role>', 'role to give (repeatable or comma-separated; default viewer)', (v, prev: string[] = []) => [
          ...prev,
          v,
        ])
        .option('--email <email>', 'email address')
        .option('--display-name <name>', 'display name'),
    ).action(async (username: string, opts: PasswordFlags & { role?: string[]; email?: string; displayName?: string }, cmd: Command) => {
      const { user, generatedPassword } = await handlers.usersCreate(context(cmd), {
        username,
        email: opts.email,
        displayName: opts.displayName,
        roles: opts.role ? splitRoles(opts.role) : ['viewer'],
        password: passwordSource(opts),
      });
      io.out(`Created ${describeUser(user)}.`);
      printPassword(generatedPassword);
    });

    users
      .command('list')
      .description('list users with roles and state')
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean }, cmd: Command) => {
        const list = await handlers.usersList(context(cmd));
        if (opts.json) {
          io.out(JSON.stringify(list, null, 2));
          return;
        }
        io.out(
          renderTable(
            ['USERNAME', 'ID', 'ROLES', 'STATE', 'MFA', 'LAST LOGIN'],
            list.map((u) => [
              u.username,
              u.id,
              u.roles.join(','),
              u.disabled ? 'disabled' : u.locked ? 'locked' : 'active',
              u.mfaEnabled ? 'on' : 'off',
              u.lastLoginAt ?? '-',
            ]),
          ),
        );
      });

    users
      .command('set-role <user> <roles...>')
      .description('replace the roles of a user (by username or id), e.g. set-role dana operator,deployer')
      .action(async (user: string, roles: string[], _opts: unknown, cmd: Command) => {
        io.out(`Updated ${describeUser(await handlers.usersSetRoles(context(cmd), user, splitRoles(roles)))}.`);
      });

    withPassword(
      users.command('reset-password <user>').description('set a new password (generated unless given) and end the user’s sessions'),
    ).action(async (user: string, opts: PasswordFlags, cmd: Command) => {
      const result = await handlers.usersResetPassword(context(cmd), user, passwordSource(opts));
      io.out(`Password reset for ${result.user.username}; their sessions are ended.`);
      printPassword(result.generatedPassword);
    });

    for (const [name, disabled] of [
      ['disable', true],
      ['enable', false],
    ] as const) {
      users
        .command(`${name} <user>`)
        .description(disabled ? 'disable a user and end their sessions' : 'enable a disabled user')
        .action(async (user: string, _opts: unknown, cmd: Command) => {
          io.out(`Updated ${describeUser(await handlers.usersSetDisabled(context(cmd), user, disabled))}.`);
        });
    }

    users
      .command('unlock <user>')
      .description('end a lockout after failed logins')
      .action(async (user: string, _opts: unknown, cmd: Command) => {
        io.out(`Unlocked ${describeUser(await handlers.usersUnlock(context(cmd), user))}.`);
      });

    users
      .command('delete <user>')
      .description('delete a user (never the last admin)')
      .requiredOption('--yes', 'confirm the deletion')
      .action(async (user: string, _opts: unknown, cmd: Command) => {
        await handlers.usersDelete(context(cmd), user);
        io.out(`Deleted ${user}.`);
      });

    program
      .command('auth')
      .description('authentication keys')
      .command('rotate-key')
      .description('generate a new JWT signing key; the old one keeps verifying until its tokens expire')
      .action(async (_opts: unknown, cmd: Command) => {
        const { kid, alg } = await handlers.authRotateKey(context(cmd));
        io.out(`New signing key ${kid} (${alg}) is active; running servers pick it up within a minute.`);
      });
  };
}
