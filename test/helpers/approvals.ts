/**
 * An approval service over a fresh database (SQLite or PostgreSQL) with a fake clock, a real secrets box and the
 * real audit log, plus a policy hook that holds back chosen operations — for approvals tests.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type AuditLog, createAuditLog } from '../../src/auth/audit/audit-log.js';
import { auditMigrations } from '../../src/auth/audit/migrations.js';
import { authMigrations } from '../../src/auth/migrations.js';
import type { ApprovalSettings } from '../../src/core/config/approvals.js';
import { systemIds } from '../../src/core/deps.js';
import { createLogger } from '../../src/core/logger.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Dialect } from '../../src/db/migration.js';
import { coreMigrations } from '../../src/db/migrations/core.js';
import type { PolicyHook } from '../../src/gateway/ports.js';
import { type ApprovalService, createApprovalService } from '../../src/policy/approvals/approval-service.js';
import { approvalsMigrations } from '../../src/policy/approvals/migrations.js';
import type { ApprovalNotifier } from '../../src/policy/approvals/notifier.js';
import { createSecretBox } from '../../src/security/secret-box.js';
import { captureLogs } from './app.js';
import { openTestDatabase, type TestDatabase } from './pg.js';

/** A clock tests move by hand. */
export interface FakeClock {
  now(): number;
  monotonic(): number;
  advance(ms: number): void;
}

/** A fake clock starting at `start`. */
export function fakeClock(start = Date.parse('2026-11-27T09:00:00Z')): FakeClock {
  let now = start;
  return {
    now: () => now,
    monotonic: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

export interface ApprovalsFixture {
  t: TestDatabase;
  service: ApprovalService;
  audit: AuditLog;
  clock: FakeClock;
  logs: string[];
  cleanup(): Promise<void>;
}

export interface ApprovalsFixtureOptions {
  settings?: Partial<ApprovalSettings>;
  notifier?: ApprovalNotifier;
  /** Use this audit sink instead of a new audit log on the same database. */
  audit?: AuditLog;
}

/** Open, migrate and build the service. */
export async function openApprovals(dialect: Dialect, options: ApprovalsFixtureOptions = {}): Promise<ApprovalsFixture> {
  const t = await openTestDatabase(dialect);
  await migrateToLatest(t.db, [...coreMigrations, ...auditMigrations, ...authMigrations, ...approvalsMigrations]);
  const clock = fakeClock();
  const logs = captureLogs();
  const audit =
    options.audit ??
    createAuditLog({ db: t.db, clock, ids: systemIds, maxDetailsBytes: 16_384, retentionDays: 0, archiveDir: join(t.dataDir, 'archive') });
  const box = createSecretBox({ keys: [{ id: 'k1', key: randomBytes(32) }], activeKeyId: 'k1', ids: systemIds });
  const service = createApprovalService({
    db: t.db,
    clock,
    ids: systemIds,
    log: createLogger({ level: 'debug', format: 'json', stream: logs.stream }),
    audit,
    settings: { ttlMinutes: 60, executeWithinMinutes: 30, quorum: 1, quorumByOperation: {}, ...options.settings },
    argsBox: { seal: (plain, context) => box.seal(plain, context), open: (stored, context) => box.openString(stored, context) },
    ...(options.notifier ? { notifier: options.notifier } : {}),
    linkFor: (id) => `https://ce.example.test/api/approvals/${id}`,
  });
  return {
    t,
    service,
    audit,
    clock,
    logs: logs.lines,
    async cleanup() {
      await service.idle();
      await t.cleanup();
    },
  };
}

/**
 * A real policy hook for tests: holds back the named operations for approval (as the policy engine does for
 * production changes), denies those in `frozen` (a set the test may change later), allows everything else.
 */
export function holdBack(operations: readonly string[], frozen: ReadonlySet<string> = new Set()): PolicyHook {
  return {
    async evaluate(request) {
      if (frozen.has(request.operation)) return { effect: 'deny', reason: `${request.operation} is frozen.`, rule: 'test-freeze' };
      if (!operations.includes(request.operation)) return { effect: 'allow' };
      return { effect: 'require_approval', reason: `${request.operation} in production needs approval.`, rule: 'test-prod-changes' };
    },
  };
}
