/**
 * Runs the first-admin bootstrap at server start, once migrations are applied. A generated password is
 * printed once to stdout, never through the logger (so it does not reach log files or collectors).
 */
import { bootstrapAdmin } from '../auth/bootstrap-admin.js';
import { hasCode } from '../core/errors.js';
import type { Runtime } from './runtime.js';

const RETRY_MS = 2_000;
const PURGE_INTERVAL_MS = 6 * 3_600_000;

/** The console banner for a generated admin password. */
export function adminPasswordBanner(username: string, password: string): string {
  const rule = '='.repeat(72);
  return [
    rule,
    'code-engine: created the first admin user.',
    `  username: ${username}`,
    `  password: ${password}`,
    'This password is shown only once. Log in and change it (POST /api/auth/password),',
    'or set CODE_ENGINE_ADMIN_PASSWORD (or _FILE) before the first start.',
    rule,
    '',
  ].join('\n');
}

/**
 * Bootstrap now when migrations are applied, else as soon as they are (checked every 2 s in the background);
 * purge expired revocations and refresh tokens then and every 6 hours.
 * Rejects with E_CONFIG when auth.adminPassword breaks the password policy.
 */
export async function startAuthBootstrap(
  runtime: Runtime,
  print: (text: string) => void = (t) => void process.stdout.write(t),
): Promise<void> {
  const log = runtime.deps.log;
  const purge = () =>
    runtime.services.auth.purgeExpired().then(
      (removed) => log.debug(removed, 'expired revocations and refresh tokens purged'),
      (err) => log.warn({ err: (err as Error).message }, 'purging expired auth rows failed'),
    );
  // Revocations and refresh tokens are kept only until the tokens they cover expire.
  setInterval(() => void (runtime.migrated() && purge()), PURGE_INTERVAL_MS).unref();
  const run = async () => {
    void purge();
    // Make the dummy hash now, so the first login for an unknown name costs the same as every later one.
    await runtime.services.auth.core.hasher.burn('');
    const result = await bootstrapAdmin(runtime.services.auth);
    if (!result.created) return;
    log.info({ username: result.username, generated: result.generatedPassword !== undefined }, 'bootstrap admin created');
    if (result.generatedPassword && result.username) print(adminPasswordBanner(result.username, result.generatedPassword));
  };
  if (runtime.migrated()) {
    try {
      await run();
    } catch (e) {
      if (hasCode(e, 'E_CONFIG')) throw e;
      log.error({ err: e }, 'admin bootstrap failed');
    }
    return;
  }
  const timer = setInterval(() => {
    if (!runtime.migrated()) return;
    clearInterval(timer);
    run().catch((err) => log.error({ err }, 'admin bootstrap failed'));
  }, RETRY_MS);
  timer.unref();
}
