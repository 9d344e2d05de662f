/**
 * `code-engine doctor`: one line per thing that must work, with what to do when it does not.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { DoctorCheck, DoctorReport } from '../adapters/cli/doctor-report.js';
import { type LoadConfigOptions, loadConfig } from '../core/config/load.js';
import { isAppError } from '../core/errors.js';
import { createDatabase } from '../db/database.js';
import { migrationStatus } from '../db/migrate.js';
import { createRedis, pingRedis } from '../db/redis.js';
import { allMigrations } from './migrations.js';

const MIN_NODE = [20, 18] as const;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function runDoctor(options: LoadConfigOptions, nodeVersion = process.versions.node): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  const nodeOk = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  checks.push({
    name: 'node',
    status: nodeOk ? 'ok' : 'fail',
    detail: nodeOk ? `Node.js ${nodeVersion}` : `Node.js ${nodeVersion} is too old; install ${MIN_NODE.join('.')} or newer.`,
  });

  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(options);
    checks.push({
      name: 'config',
      status: 'ok',
      detail: loaded.file ? `valid (${loaded.file})` : 'valid (no config file; defaults and environment)',
    });
  } catch (e) {
    checks.push({ name: 'config', status: 'fail', detail: isAppError(e) ? e.message : message(e) });
    for (const name of ['data-dir', 'database', 'redis', 'port'])
      checks.push({ name, status: 'skip', detail: 'needs a valid configuration' });
    return { ok: false, checks };
  }
  const { config } = loaded;

  try {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const probe = join(config.dataDir, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    checks.push({ name: 'data-dir', status: 'ok', detail: `${config.dataDir} is writable` });
  } catch (e) {
    checks.push({ name: 'data-dir', status: 'fail', detail: `${config.dataDir} is not writable: ${message(e)}` });
  }

  const db = (() => {
    try {
      return createDatabase({ url: config.database.url, dataDir: config.dataDir, connectTimeoutMs: config.database.connectTimeoutMs });
    } catch (e) {
      checks.push({ name: 'database', status: 'fail', detail: message(e) });
      return undefined;
    }
  })();
  if (db) {
    try {
      await db.ping(config.database.connectTimeoutMs);
      const states = await migrationStatus(db, allMigrations);
      const pending = states.filter((s) => !s.executedAt).length;
      checks.push({
        name: 'database',
        status: pending > 0 && !config.database.autoMigrate ? 'warn' : 'ok',
        detail: `${db.description}: reachable; ${states.length - pending} migrations applied, ${pending} pending${pending > 0 ? (config.database.autoMigrate ? ' (applied at start)' : ' — run `code-engine db migrate`') : ''}`,
      });
    } catch (e) {
      checks.push({ name: 'database', status: 'fail', detail: message(e) });
    } finally {
      await db.close();
    }
  }

  if (config.redis.url) {
    const redis = createRedis({
      url: config.redis.url,
      keyPrefix: config.redis.keyPrefix,
      connectTimeoutMs: config.redis.connectTimeoutMs,
    });
    try {
      await pingRedis(redis, config.redis.url, config.redis.connectTimeoutMs);
      checks.push({ name: 'redis', status: 'ok', detail: 'reachable' });
    } catch (e) {
      checks.push({ name: 'redis', status: 'fail', detail: message(e) });
    } finally {
      redis.disconnect();
    }
  } else {
    checks.push({ name: 'redis', status: 'skip', detail: 'not configured (in-memory rate limits and revocation cache)' });
  }

  const portFree = await isPortFree(config.server.host, config.server.port);
  checks.push({
    name: 'port',
    status: portFree ? 'ok' : 'warn',
    detail: portFree
      ? `${config.server.host}:${config.server.port} is free`
      : `${config.server.host}:${config.server.port} is in use (is code-engine already running?)`,
  });
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}

function isPortFree(host: string, port: number): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
