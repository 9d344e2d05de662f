/**
 * The composition root: from a loaded config to logger, database, Redis, metrics and health checks.
 * Everything below src/main receives what is built here.
 */
import type { LoadedConfig } from '../core/config/load.js';
import { configSecretValues } from '../core/config/print.js';
import type { Config } from '../core/config/schema.js';
import { type Clock, type Deps, type Ids, systemClock, systemIds } from '../core/deps.js';
import { AppError, isAppError } from '../core/errors.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createDatabase, type Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createRedis, pingRedis, type Redis } from '../db/redis.js';
import type { FederationManager } from '../gateway/federation/index.js';
import type { Gateway } from '../gateway/gateway.js';
import type { ToolServer } from '../gateway/operation.js';
import type { HealthCheck } from '../monitoring/health.js';
import { createMetricsRegistry, type Registry } from '../monitoring/metrics.js';
import { createFederation } from './federation.js';
import { buildGateway } from './gateway.js';
import { allMigrations } from './migrations.js';
import { createServices, type Services } from './services.js';

export interface Runtime {
  readonly deps: Deps;
  readonly config: Config;
  readonly db: Database;
  readonly redis: Redis | undefined;
  readonly metrics: Registry;
  readonly healthChecks: HealthCheck[];
  /** Capability services (auth, audit, breakers, …), see services.ts. */
  readonly services: Services;
  /** The operation gateway every face calls through. */
  readonly gateway: Gateway;
  /** Federated upstream MCP servers: `start()` at `serve` and `mcp`; stopped by `close()`. */
  readonly federation: FederationManager;
  /** Epoch ms when this runtime was created. */
  readonly startedAt: number;
  /** True once migrations are applied (or auto-migration is off). */
  migrated(): boolean;
  /**
   * Apply migrations; when the database is unreachable, keep retrying in the background with capped backoff
   * so the process keeps serving /health/live while /health/ready reports why it is not ready.
   */
  startMigrations(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Where logs go: 1 for servers, 2 for MCP stdio and CLI commands (stdout stays for output). */
  logFd?: 1 | 2;
  isTty?: boolean;
  /** Tests inject their own log stream, clock, ids and PostgreSQL schema. */
  logStream?: import('pino').DestinationStream;
  clock?: Clock;
  ids?: Ids;
  pgSchema?: string;
  /** Tool servers added to the built-in ones (test fixtures, e.g. the MCP conformance tools). */
  extraToolServers?: readonly ToolServer[];
}

export function createRuntime(loaded: LoadedConfig, options: RuntimeOptions = {}): Runtime {
  const { config } = loaded;
  // Literal secret values from config, scrubbed from every log line and audit row in addition to the patterns.
  const knownSecrets = configSecretValues(config);
  const log: Logger = createLogger({
    level: config.log.level,
    format: config.log.format,
    fd: options.logFd ?? 1,
    isTty: options.isTty ?? false,
    knownSecrets,
    ...(options.logStream ? { stream: options.logStream } : {}),
  });
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? systemIds;
  const db = createDatabase({
    url: config.database.url,
    dataDir: config.dataDir,
    poolMax: config.database.poolMax,
    connectTimeoutMs: config.database.connectTimeoutMs,
    ...(options.pgSchema ? { pgSchema: options.pgSchema } : {}),
  });
  const redisUrl = config.redis.url;
  const redis = redisUrl
    ? createRedis({ url: redisUrl, keyPrefix: config.redis.keyPrefix, connectTimeoutMs: config.redis.connectTimeoutMs })
    : undefined;
  const metrics = createMetricsRegistry({ defaultMetrics: config.metrics.defaultMetrics, prefix: config.metrics.prefix });

  let migrated = !config.database.autoMigrate;
  let lastMigrationError: string | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const healthChecks: HealthCheck[] = [
    { name: 'database', check: () => db.ping(1500) },
    {
      name: 'migrations',
      async check() {
        if (!migrated) throw new Error(lastMigrationError ?? 'migrations are not applied yet');
      },
    },
  ];
  if (redis && redisUrl) healthChecks.push({ name: 'redis', check: () => pingRedis(redis, redisUrl, 1500) });

  const runMigrations = async (attempt: number): Promise<void> => {
    try {
      const applied = await migrateToLatest(db, allMigrations);
      migrated = true;
      lastMigrationError = undefined;
      if (applied.length > 0) log.info({ applied }, 'database migrations applied');
    } catch (e) {
      const error = isAppError(e) ? e : new AppError('E_INTERNAL', String(e), { cause: e });
      lastMigrationError = error.message;
      if (error.code !== 'E_UNAVAILABLE' && !isConnectionFailure(e)) throw error;
      const delayMs = Math.min(1000 * 2 ** Math.min(attempt, 5), 30_000);
      log.error({ err: error.message, retryInMs: delayMs }, 'database unreachable; serving /health/live, retrying migrations');
      if (closed) return;
      retryTimer = setTimeout(() => {
        runMigrations(attempt + 1).catch((err) => log.error({ err }, 'migration failed'));
      }, delayMs);
      retryTimer.unref();
    }
  };

  const deps: Deps = { config, log, clock, ids };
  const services = createServices({ deps, db, redis, metrics, configFile: loaded.file, knownSecrets });
  const startedAt = clock.now();
  const gateway = buildGateway({
    deps,
    config,
    db,
    services,
    metrics,
    healthChecks,
    startedAt,
    extraToolServers: options.extraToolServers ?? [],
    configFile: loaded.file,
  });
  const federation = createFederation({ deps, registry: gateway.registry, resilience: services.resilience, env: process.env });

  return {
    deps,
    services,
    gateway,
    federation,
    startedAt,
    config,
    db,
    redis,
    metrics,
    healthChecks,
    migrated: () => migrated,
    startMigrations: () => (config.database.autoMigrate ? runMigrations(0) : Promise.resolve()),
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      // Upstream MCP children end with their connections.
      await federation.stop().catch((err) => log.warn({ err }, 'stopping federated MCP servers failed'));
      // Processes this runtime started (desktop sessions, scanners) and pooled outbound connections go first.
      await services.security.processes.close().catch((err) => log.warn({ err }, 'stopping child processes failed'));
      await services.http.close().catch((err) => log.warn({ err }, 'closing the HTTP client failed'));
      await services.experts.close().catch((err) => log.warn({ err }, 'closing the experts service failed'));
      await db.close().catch((err) => log.warn({ err }, 'closing the database failed'));
      if (redis) await redis.quit().catch(() => redis.disconnect());
      log.flush();
    },
  };
}

/** Errors that mean "cannot reach the server" rather than "the SQL is wrong". */
function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: string; cause?: { code?: string } })?.cause?.code ?? (e as { code?: string })?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', '57P03'].includes(code);
}
