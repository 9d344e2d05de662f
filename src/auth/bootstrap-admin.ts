/**
 * First start: when there are no users, create the bootstrap admin with auth.adminPassword
 * (CODE_ENGINE_ADMIN_PASSWORD or _FILE) or a generated password that the caller prints once.
 */
import { AppError, hasCode } from '../core/errors.js';
import type { AuthService } from './auth-service.js';
import { ADMIN_ROLE } from './built-in-roles.js';
import { passwordProblems } from './password-policy.js';
import { generatePassword } from './user-service.js';

/** What the bootstrap did. `generatedPassword` is set only when code-engine chose the password. */
export interface BootstrapResult {
  created: boolean;
  username?: string;
  generatedPassword?: string;
}

/**
 * Create the first admin if the users table is empty. Safe to call on every start and from several replicas:
 * a concurrent creator wins and the others report `created: false`.
 * @example const r = await bootstrapAdmin(auth); if (r.generatedPassword) process.stdout.write(...)
 */
export async function bootstrapAdmin(auth: AuthService): Promise<BootstrapResult> {
  const { core } = auth;
  const { bootstrap, adminPassword, passwordPolicy } = core.config;
  if (!bootstrap.enabled || (await core.users.count()) > 0) return { created: false };
  const username = bootstrap.username.trim().toLowerCase();
  const password = adminPassword ?? generatePassword(core.deps.ids.bytes);
  const problems = passwordProblems(passwordPolicy, password, { username });
  if (problems.length > 0) {
    throw new AppError('E_CONFIG', `auth.adminPassword (CODE_ENGINE_ADMIN_PASSWORD) ${problems.join('; ')}.`, {
      issues: problems.map((message) => ({ path: 'auth.adminPassword', message })),
    });
  }
  const id = core.deps.ids.uuid();
  try {
    await core.users.insert({ id, username, passwordHash: await core.hasher.hash(password), roles: [ADMIN_ROLE], grantedBy: null });
  } catch (e) {
    if (hasCode(e, 'E_CONFLICT')) return { created: false };
    throw e;
  }
  await core.audit({
    action: 'auth.bootstrap',
    outcome: 'success',
    principal: { id: 'code-engine', type: 'service' },
    target: `user:${id}`,
    details: { username, passwordSource: adminPassword ? 'config' : 'generated' },
  });
  return { created: true, username, ...(adminPassword ? {} : { generatedPassword: password }) };
}
