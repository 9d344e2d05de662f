/**
 * Applies audit.retentionDays while `serve` runs: a first prune shortly after start, then every audit.pruneIntervalMs.
 * Replicas may all run it: prunes take the chain lock, and a replica that finds nothing old enough does nothing.
 */
import type { RouteGroup } from '../adapters/http/app.js';
import type { AuditLog } from '../auth/audit/audit-log.js';
import type { Logger } from '../core/logger.js';
import type { Runtime } from './runtime.js';

/** setTimeout/setInterval overflow above 2^31-1 ms and would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;
const FIRST_RUN_DELAY_MS = 60_000;

export interface RetentionTask {
  start(): void;
  stop(): void;
  /** One prune now; failures are logged, never thrown. */
  runOnce(): Promise<void>;
}

/** The periodic prune; does nothing when the interval or the retention is 0. */
export function createRetentionTask(options: {
  audit: AuditLog;
  log: Logger;
  intervalMs: number;
  retentionDays: number;
  /** False while migrations are pending (the tables may not exist yet). */
  ready: () => boolean;
}): RetentionTask {
  const { audit, log } = options;
  const timers: NodeJS.Timeout[] = [];
  const enabled = options.intervalMs > 0 && options.retentionDays > 0;
  const runOnce = async (): Promise<void> => {
    if (!options.ready()) return;
    try {
      const result = await audit.prune();
      if (result.deleted > 0)
        log.info({ deleted: result.deleted, throughSeq: result.throughSeq, archive: result.archive }, 'audit retention applied');
    } catch (err) {
      log.warn({ err }, 'audit retention failed; will retry at the next interval');
    }
  };
  return {
    start() {
      if (!enabled || timers.length > 0) return;
      const interval = Math.min(options.intervalMs, MAX_TIMER_MS);
      timers.push(setTimeout(runOnce, Math.min(interval, FIRST_RUN_DELAY_MS)), setInterval(runOnce, interval));
      for (const t of timers) t.unref();
    },
    stop() {
      for (const t of timers.splice(0)) clearTimeout(t);
    },
    runOnce,
  };
}

/** Ties the retention task to the HTTP app's life: started when it is ready, stopped when it closes. */
export function auditRetentionGroup(runtime: Runtime): RouteGroup {
  return function auditRetention(app) {
    const task = createRetentionTask({
      audit: runtime.services.audit,
      log: runtime.deps.log.child({ component: 'audit-retention' }),
      intervalMs: runtime.config.audit.pruneIntervalMs,
      retentionDays: runtime.config.audit.retentionDays,
      ready: () => runtime.migrated(),
    });
    app.addHook('onReady', async () => task.start());
    app.addHook('onClose', async () => task.stop());
  };
}
