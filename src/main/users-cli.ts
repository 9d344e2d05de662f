/**
 * Handlers of `code-engine users …` and `auth rotate-key`: each opens a runtime (migrations applied) and acts
 * through services.auth as the local `cli` service principal with the admin role (database access is already
 * full access). Reading a password from a file or stdin happens here, in src/main.
 */
import { readFileSync } from 'node:fs';
import type { CliContext } from '../adapters/cli/program.js';
import type { PasswordSource, UsersCliHandlers } from '../adapters/cli/users.js';
import type { AuthService } from '../auth/auth-service.js';
import { servicePrincipal } from '../auth/credentials.js';
import { generatePassword } from '../auth/user-service.js';
import { AppError } from '../core/errors.js';
import { type ProcessInfo, withRuntime } from './cli-handlers.js';

/** The principal CLI commands act as. */
export const CLI_PRINCIPAL = servicePrincipal('cli', ['admin']);

/** Read the first line of the password source; undefined means "generate one". */
export function readPassword(source: PasswordSource, stdin: () => string = () => readFileSync(0, 'utf8')): string | undefined {
  if (source.kind === 'generate') return undefined;
  let text: string;
  try {
    text = source.kind === 'file' ? readFileSync(source.path, 'utf8') : stdin();
  } catch (cause) {
    throw new AppError('E_VALIDATION', `Cannot read the password: ${(cause as Error).message}`, { cause });
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line) throw new AppError('E_VALIDATION', 'The password is empty.');
  return line;
}

/** Build the users command handlers for this process. */
export function createUsersCliHandlers(proc: ProcessInfo, stdin?: () => string): UsersCliHandlers {
  const withAuth = <T>(ctx: CliContext, fn: (auth: AuthService) => Promise<T>) =>
    withRuntime(proc, ctx, (runtime) => fn(runtime.services.auth));
  const ctxOf = { requestId: 'cli' };
  const idOf = async (auth: AuthService, user: string) => (await auth.users.resolve(CLI_PRINCIPAL, user)).id;
  return {
    usersCreate: (ctx, input) =>
      withAuth(ctx, async (auth) => {
        const given = readPassword(input.password, stdin);
        const password = given ?? generatePassword(auth.core.deps.ids.bytes);
        const user = await auth.users.create(
          CLI_PRINCIPAL,
          {
            username: input.username,
            password,
            roles: input.roles,
            ...(input.email ? { email: input.email } : {}),
            ...(input.displayName ? { displayName: input.displayName } : {}),
          },
          ctxOf,
        );
        return { user, generatedPassword: given === undefined ? password : undefined };
      }),
    usersList: (ctx) => withAuth(ctx, (auth) => auth.users.list(CLI_PRINCIPAL)),
    usersSetRoles: (ctx, user, roles) =>
      withAuth(ctx, async (auth) => auth.users.setRoles(CLI_PRINCIPAL, await idOf(auth, user), roles, ctxOf)),
    usersResetPassword: (ctx, user, source) =>
      withAuth(ctx, async (auth) => {
        const id = await idOf(auth, user);
        const { password } = await auth.users.resetPassword(CLI_PRINCIPAL, id, readPassword(source, stdin), ctxOf);
        return { user: await auth.users.get(CLI_PRINCIPAL, id), generatedPassword: password };
      }),
    usersSetDisabled: (ctx, user, disabled) =>
      withAuth(ctx, async (auth) => auth.users.update(CLI_PRINCIPAL, await idOf(auth, user), { disabled }, ctxOf)),
    usersUnlock: (ctx, user) => withAuth(ctx, async (auth) => auth.users.unlock(CLI_PRINCIPAL, await idOf(auth, user), ctxOf)),
    usersDelete: (ctx, user) => withAuth(ctx, async (auth) => auth.users.delete(CLI_PRINCIPAL, await idOf(auth, user), ctxOf)),
    authRotateKey: (ctx) =>
      withAuth(ctx, async (auth) => {
        const key = await (await auth.keyRing()).rotate();
        await auth.core.audit(
          {
            action: 'auth.signing_key.rotated',
            outcome: 'success',
            principal: { id: CLI_PRINCIPAL.id, type: 'service' },
            target: `key:${key.kid}`,
          },
          ctxOf,
        );
        return { kid: key.kid, alg: key.alg };
      }),
  };
}
