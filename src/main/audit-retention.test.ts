import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditLog } from '../auth/audit/audit-log.js';
import { createLogger } from '../core/logger.js';
import { createRetentionTask } from './audit-retention.js';

afterEach(() => {
  vi.useRealTimers();
});

function fakeAudit(prune: AuditLog['prune']): AuditLog {
  return { prune } as AuditLog;
}
const log = createLogger({ level: 'silent', format: 'json' });
const pruned = { cutoff: '', throughSeq: null, deleted: 0, archive: null, dryRun: false };

describe('audit retention task', () => {
  it('prunes a minute after start, then every interval', async () => {
    vi.useFakeTimers();
    const prune = vi.fn(async () => pruned);
    const task = createRetentionTask({ audit: fakeAudit(prune), log, intervalMs: 3_600_000, retentionDays: 30, ready: () => true });
    task.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(prune).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(prune).toHaveBeenCalledTimes(2);
    task.stop();
  });

  it('stops pruning once stopped', async () => {
    vi.useFakeTimers();
    const prune = vi.fn(async () => pruned);
    const task = createRetentionTask({ audit: fakeAudit(prune), log, intervalMs: 1000, retentionDays: 30, ready: () => true });
    task.start();
    task.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(prune).not.toHaveBeenCalled();
  });

  it('does not run with a retention of 0 days', async () => {
    vi.useFakeTimers();
    const prune = vi.fn(async () => pruned);
    createRetentionTask({ audit: fakeAudit(prune), log, intervalMs: 1000, retentionDays: 0, ready: () => true }).start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(prune).not.toHaveBeenCalled();
  });

  it('skips while migrations are pending', async () => {
    const prune = vi.fn(async () => pruned);
    await createRetentionTask({ audit: fakeAudit(prune), log, intervalMs: 1000, retentionDays: 30, ready: () => false }).runOnce();
    expect(prune).not.toHaveBeenCalled();
  });

  it('swallows a failed prune so the server keeps running', async () => {
    const prune = vi.fn(async () => {
      throw new Error('database down');
    });
    await expect(
      createRetentionTask({ audit: fakeAudit(prune), log, intervalMs: 1000, retentionDays: 30, ready: () => true }).runOnce(),
    ).resolves.toBeUndefined();
  });
});
