/**
 * A gateway over real parts for tests: the audit log on a temp SQLite database, the in-memory rate limiter,
 * the resilience service and RBAC over the built-in roles. Callers pass principals directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditLog } from '../../src/auth/audit/audit-log.js';
import { createAuditLog } from '../../src/auth/audit/audit-log.js';
import { decide } from '../../src/auth/decide.js';
import type { Principal } from '../../src/auth/principal.js';
import { createRateLimiter } from '../../src/auth/rate-limit/rate-limiter.js';
import { createRoleBook } from '../../src/auth/role-book.js';
import { systemClock, systemIds } from '../../src/core/deps.js';
import { AppError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { createDatabase, type Database } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createCallsRepo } from '../../src/gateway/calls-repo.js';
import { createGateway, type Gateway } from '../../src/gateway/gateway.js';
import { createGatewayMetrics } from '../../src/gateway/metrics.js';
import type { ToolServer } from '../../src/gateway/operation.js';
import { allowAllPolicy, type PolicyHook } from '../../src/gateway/ports.js';
import { createRegistry } from '../../src/gateway/registry.js';
import { allMigrations } from '../../src/main/migrations.js';
import { createMetricsRegistry, type Registry } from '../../src/monitoring/metrics.js';
import { createResilience } from '../../src/resilience/index.js';
import { captureLogs } from './app.js';

export interface TestGateway {
  gateway: Gateway;
  audit: AuditLog;
  db: Database;
  metrics: Registry;
  logs: string[];
  cleanup(): Promise<void>;
}

export interface TestGatewayOptions {
  servers: ToolServer[];
  mode?: 'full' | 'read_only' | 'non_destructive';
  allow?: string[];
  deny?: string[];
  perMinute?: number;
  policy?: PolicyHook;
}

export function principal(role: string, id = `${role}-user`): Principal {
  return { id, type: 'user', name: id, roles: [role] };
}

export async function createTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'ce-gw-'));
  const db = createDatabase({ url: join(dir, 'gw.db'), dataDir: dir });
  await migrateToLatest(db, allMigrations);
  const logs = captureLogs();
  const log = createLogger({ level: 'debug', format: 'json', stream: logs.stream });
  const audit = createAuditLog({
    db,
    clock: systemClock,
    ids: systemIds,
    maxDetailsBytes: 16_384,
    retentionDays: 0,
    archiveDir: join(dir, 'archive'),
  });
  const metrics = createMetricsRegistry({ defaultMetrics: false, prefix: '' });
  const resilience = createResilience({ clock: systemClock, random: Math.random });
  const book = createRoleBook([]);
  const registry = createRegistry();
  for (const server of options.servers) registry.register(server);
  const gateway = createGateway({
    registry,
    config: {
      mode: options.mode ?? 'full',
      allow: options.allow ?? ['*'],
      deny: options.deny ?? [],
      defaultTimeoutMs: 5_000,
      maxArgumentBytes: 1_048_576, // the production default
    },
    log,
    clock: systemClock,
    ids: systemIds,
    authenticator: {
      authenticate: async () => {
        throw new AppError('E_UNAUTHENTICATED', 'This test gateway accepts no credentials.');
      },
    },
    authorizer: { authorize: (p, permission, resource) => decide(book, p, permission, resource, { mfaRequiredForAdmins: false }) },
    rateLimiter: createRateLimiter({ policy: { perMinute: options.perMinute ?? 10_000 }, clock: systemClock }),
    policy: options.policy ?? allowAllPolicy,
    executor: {
      run: (dependency, fn, o) => resilience.run(dependency, ({ signal }) => fn(signal), { timeoutMs: o.timeoutMs, signal: o.signal }),
    },
    audit,
    calls: createCallsRepo(db),
    metrics: createGatewayMetrics(metrics),
  });
  return {
    gateway,
    audit,
    db,
    metrics,
    logs: logs.lines,
    async cleanup() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
