import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditTestDatabase } from '../../../test/helpers/audit-db.js';
import { type TestDatabase, testDialects } from '../../../test/helpers/pg.js';
import { systemIds } from '../../core/deps.js';
import { type AuditLog, createAuditLog } from './audit-log.js';
import { auditRecordSchema, fromAuditRecord } from './audit-record.js';
import { walkChain } from './verify-chain.js';

const DAY = 86_400_000;

describe.each(await testDialects())('audit retention on %s', (dialect) => {
  let t: TestDatabase;
  let archiveDir: string;
  let now: number;
  let audit: AuditLog;

  beforeEach(async () => {
    t = await openAuditTestDatabase(dialect);
    archiveDir = join(mkdtempSync(join(tmpdir(), 'ce-audit-prune-')), 'archive');
    now = Date.parse('2026-01-01T00:00:00Z');
    const clock = { now: () => now, monotonic: () => now };
    audit = createAuditLog({
      db: t.db,
      clock,
      ids: systemIds,
      hmacKey: 'h'.repeat(32),
      maxDetailsBytes: 4096,
      retentionDays: 30,
      archiveDir,
    });
    // Six events, one every ten days: days 0, 10, 20, 30, 40, 50.
    for (let i = 0; i < 6; i++) {
      await audit.record({ action: 'test.tick', outcome: 'success', details: { day: i * 10 } });
      now += 10 * DAY;
    }
    now = Date.parse('2026-01-01T00:00:00Z') + 55 * DAY;
  });
  afterEach(async () => {
    await t.cleanup();
    rmSync(join(archiveDir, '..'), { recursive: true, force: true });
  });

  const days = async () => (await audit.query({ order: 'asc', action: 'test.' })).items.map((i) => i.details.day);

  it('deletes rows older than the retention period', async () => {
    const result = await audit.prune();
    expect(result.deleted).toBe(3);
    expect(await days()).toEqual([30, 40, 50]);
  });

  it('archives the pruned rows to NDJSON before deleting them', async () => {
    const result = await audit.prune();
    const lines = readFileSync(result.archive!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.details.day)).toEqual([0, 10, 20]);
    expect(statSync(result.archive!).mode & 0o777).toBe(0o600);
  });

  it('keeps the chain verifiable from the new anchor', async () => {
    await audit.prune();
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, checked: 4, anchor: { seq: expect.any(Number) } });
  });

  it('leaves an archive that verifies on its own', async () => {
    const result = await audit.prune();
    const rows = readFileSync(result.archive!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => fromAuditRecord(auditRecordSchema.parse(JSON.parse(l))));
    expect((await walkChain(rows, { hmacKey: 'h'.repeat(32) })).firstBad).toBeNull();
  });

  it('records the prune in the chain', async () => {
    const result = await audit.prune();
    const [event] = (await audit.query({ action: 'audit.prune' })).items;
    expect(event?.details).toMatchObject({ throughSeq: result.throughSeq, deleted: 3 });
  });

  it('detects a checkpoint rewritten to hide deleted rows', async () => {
    await audit.prune();
    const k = t.db.kysely;
    const first = await k.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq').limit(1).executeTakeFirstOrThrow();
    // Delete the oldest remaining row and move the anchor so the chain still links.
    await k.deleteFrom('audit_log').where('seq', '=', first.seq).execute();
    await k
      .updateTable('audit_checkpoints')
      .set({ seq: Number(first.seq), hash: first.hash })
      .execute();
    expect((await audit.verify()).firstBad).toMatchObject({ reason: 'anchor_mismatch' });
  });

  it('changes nothing on a dry run', async () => {
    const result = await audit.prune({ dryRun: true });
    expect(result).toMatchObject({ deleted: 3, archive: null, dryRun: true });
    expect(await days()).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('does nothing with a retention of 0 days', async () => {
    expect((await audit.prune({ retentionDays: 0 })).deleted).toBe(0);
  });

  it('refuses to prune a broken chain unless forced', async () => {
    await t.db.kysely.updateTable('audit_log').set({ target: 'tampered' }).where('action', '=', 'test.tick').execute();
    await expect(audit.prune()).rejects.toMatchObject({ code: 'E_CONFLICT' });
    expect((await audit.prune({ force: true })).deleted).toBe(3);
  });

  it('prunes again later from the previous anchor', async () => {
    await audit.prune();
    now += 20 * DAY;
    await audit.record({ action: 'test.tick', outcome: 'success', details: { day: 75 } });
    const second = await audit.prune();
    expect(second.deleted).toBeGreaterThan(0);
    expect((await audit.verify()).ok).toBe(true);
    expect(readdirSync(archiveDir)).toHaveLength(2);
  });
});
