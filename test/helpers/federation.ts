/**
 * Federation over real parts for tests: a gateway (audit on temp SQLite, RBAC over the built-in roles,
 * resilience on a clock the test can move forward), a FederationManager on its registry, real upstream
 * processes or loopback servers, and in-memory MCP sessions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { buildMcpSession } from '../../src/adapters/mcp/server.js';
import { createAuditLog } from '../../src/auth/audit/audit-log.js';
import { decide } from '../../src/auth/decide.js';
import { createRoleBook } from '../../src/auth/role-book.js';
import { federationSchema, type UpstreamConfig } from '../../src/core/config/gateway.js';
import { type Clock, systemIds } from '../../src/core/deps.js';
import { AppError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { createDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createCallsRepo } from '../../src/gateway/calls-repo.js';
import { createFederationManager, type FederationManager, type UpstreamTiming } from '../../src/gateway/federation/index.js';
import { createGateway, type Gateway } from '../../src/gateway/gateway.js';
import { createGatewayMetrics } from '../../src/gateway/metrics.js';
import type { CallResult } from '../../src/gateway/pipeline.js';
import { allowAllPolicy } from '../../src/gateway/ports.js';
import { createRegistry } from '../../src/gateway/registry.js';
import { allMigrations } from '../../src/main/migrations.js';
import { createMetricsRegistry } from '../../src/monitoring/metrics.js';
import { type BreakerConfig, createResilience, type Resilience } from '../../src/resilience/index.js';
import { captureLogs } from './app.js';
import { principal } from './gateway.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The fake upstream as a stdio child: `node --import tsx test/fakes/upstream-mcp-server.ts`. */
export function stdioUpstream(alias: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    alias,
    transport: 'stdio',
    command: process.execPath,
    args: ['--import', 'tsx', join(root, 'test/fakes/upstream-mcp-server.ts')],
    cwd: root,
    ...extra,
  };
}

/** A clock whose both faces can be moved forward (breakers measure open time on `monotonic`). */
export interface MovableClock extends Clock {
  advance(ms: number): void;
}

function movableClock(): MovableClock {
  let skew = 0;
  return {
    now: () => Date.now() + skew,
    monotonic: () => performance.now() + skew,
    advance(ms) {
      skew += ms;
    },
  };
}

export interface FederationHarness {
  gateway: Gateway;
  federation: FederationManager;
  resilience: Resilience;
  clock: MovableClock;
  logs: string[];
  /** Call through the whole pipeline as a user with `role` (default operator). */
  call(name: string, args?: unknown, role?: string): Promise<CallResult>;
  /** An MCP client on an in-memory session of a user with `role`. */
  mcp(role?: string): Promise<Client>;
  /** Poll `check` until it returns a truthy value (bounded wait, no fixed sleeps). */
  until<T>(check: () => T | Promise<T>, what: string, timeoutMs?: number): Promise<T>;
  cleanup(): Promise<void>;
}

export interface FederationHarnessOptions {
  breaker?: Partial<BreakerConfig>;
  timing?: Partial<UpstreamTiming>;
  fetch?: typeof fetch;
}

/** Start a gateway with federation of `servers` (raw config entries) and wait for the first connection attempts. */
export async function startFederation(
  servers: Record<string, unknown>[],
  options: FederationHarnessOptions = {},
): Promise<FederationHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'ce-fed-'));
  const db = createDatabase({ url: join(dir, 'gw.db'), dataDir: dir });
  await migrateToLatest(db, allMigrations);
  const logs = captureLogs();
  const log = createLogger({ level: 'debug', format: 'json', stream: logs.stream });
  const clock = movableClock();
  const audit = createAuditLog({ db, clock, ids: systemIds, maxDetailsBytes: 16_384, retentionDays: 0, archiveDir: join(dir, 'archive') });
  const resilience = createResilience({ clock, random: () => 0.5, settings: options.breaker ? { breaker: options.breaker } : {} });
  const book = createRoleBook([]);
  const registry = createRegistry();
  const gateway = createGateway({
    registry,
    config: { mode: 'full', allow: ['*'], deny: [], defaultTimeoutMs: 20_000, maxArgumentBytes: 65_536 },
    log,
    clock,
    ids: systemIds,
    authenticator: {
      authenticate: async () => {
        throw new AppError('E_UNAUTHENTICATED', 'This test gateway accepts no credentials.');
      },
    },
    authorizer: { authorize: (p, permission, resource) => decide(book, p, permission, resource, { mfaRequiredForAdmins: false }) },
    rateLimiter: undefined,
    policy: allowAllPolicy,
    executor: {
      run: (dependency, fn, o) => resilience.run(dependency, ({ signal }) => fn(signal), { timeoutMs: o.timeoutMs, signal: o.signal }),
    },
    audit,
    calls: createCallsRepo(db),
    metrics: createGatewayMetrics(createMetricsRegistry({ defaultMetrics: false, prefix: '' })),
  });
  const parsed: UpstreamConfig[] = federationSchema.parse({ servers }).servers;
  const federation = createFederationManager({
    servers: parsed,
    registry,
    timing: { healthIntervalMs: 1_000, connectTimeoutMs: 30_000, reconnectBaseDelayMs: 50, reconnectMaxDelayMs: 400, ...options.timing },
    clock,
    timers: resilience.time.timers,
    random: () => 0.5,
    log,
    fetch: options.fetch ?? globalThis.fetch,
    inheritedEnv: process.env,
    clientInfo: { name: 'code-engine-test', version: '0.0.0' },
  });
  await federation.start();

  const clients: Client[] = [];
  return {
    gateway,
    federation,
    resilience,
    clock,
    logs: logs.lines,
    call: (name, args = {}, role = 'operator') =>
      gateway.call(name, args, { face: 'cli', principal: principal(role), requestId: systemIds.uuid() }),
    async mcp(role = 'operator') {
      const session = await buildMcpSession({
        gateway,
        principal: principal(role),
        face: 'mcp-stdio',
        version: '0.0.0',
        ids: systemIds,
        log,
      });
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'test-client', version: '1.0.0' });
      await session.server.connect(serverSide);
      await client.connect(clientSide);
      clients.push(client);
      return client;
    },
    async until(check, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async cleanup() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await federation.stop();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
