import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditTestDatabase } from '../../../test/helpers/audit-db.js';
import { type TestDatabase, testDialects } from '../../../test/helpers/pg.js';
import { systemIds } from '../../core/deps.js';
import { hashAuditRow } from './audit-hash.js';
import { type AuditLog, createAuditLog } from './audit-log.js';

/** A clock tests move by hand. */
function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return {
    now: () => now,
    monotonic: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe.each(await testDialects())('audit log on %s', (dialect) => {
  let t: TestDatabase;
  let archiveDir: string;
  let clock: ReturnType<typeof manualClock>;
  const open = (hmacKey?: string): AuditLog =>
    createAuditLog({ db: t.db, clock, ids: systemIds, hmacKey, maxDetailsBytes: 4096, retentionDays: 30, archiveDir });

  beforeEach(async () => {
    t = await openAuditTestDatabase(dialect);
    archiveDir = mkdtempSync(join(tmpdir(), 'ce-audit-archive-'));
    clock = manualClock();
  });
  afterEach(async () => {
    await t.cleanup();
    rmSync(archiveDir, { recursive: true, force: true });
  });

  async function writeFive(audit: AuditLog): Promise<number[]> {
    for (let i = 1; i <= 5; i++) {
      await audit.record({ action: `test.event${i}`, outcome: 'success', principal: { id: `u${i}`, type: 'user' }, details: { i } });
      clock.advance(1000);
    }
    const rows = await t.db.kysely.selectFrom('audit_log').select('seq').orderBy('seq').execute();
    return rows.map((r) => Number(r.seq));
  }

  it('verifies an untouched chain', async () => {
    const audit = open();
    await writeFive(audit);
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, checked: 5, firstBad: null, anchor: null });
  });

  it('names a row edited in place', async () => {
    const audit = open();
    const seqs = await writeFive(audit);
    await t.db.kysely.updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', seqs[2]!).execute();
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.firstBad).toMatchObject({ seq: seqs[2], reason: 'modified' });
  });

  it('names the row after a deleted one', async () => {
    const audit = open();
    const seqs = await writeFive(audit);
    await t.db.kysely.deleteFrom('audit_log').where('seq', '=', seqs[2]!).execute();
    const report = await audit.verify();
    expect(report.firstBad).toMatchObject({ seq: seqs[3], reason: 'deleted_before' });
  });

  it('detects deletion of the first row', async () => {
    const audit = open();
    const seqs = await writeFive(audit);
    await t.db.kysely.deleteFrom('audit_log').where('seq', '=', seqs[0]!).execute();
    expect((await audit.verify()).firstBad).toMatchObject({ seq: seqs[1], reason: 'deleted_before' });
  });

  it('names a row inserted into the middle, even with a correctly computed hash', async () => {
    const audit = open();
    const seqs = await writeFive(audit);
    const k = t.db.kysely;
    // Make room after seq[1], then forge a row that links to it, as an attacker who knows the algorithm would.
    await k
      .updateTable('audit_log')
      .set((eb) => ({ seq: eb('seq', '+', 100) }))
      .where('seq', '>', seqs[1]!)
      .execute();
    const prev = await k.selectFrom('audit_log').select('hash').where('seq', '=', seqs[1]!).executeTakeFirstOrThrow();
    const forged = {
      id: 'forged-1',
      ts: '2026-01-01T00:00:01.500Z',
      principal_id: 'mallory',
      principal_type: 'user',
      action: 'auth.login',
      target: null,
      outcome: 'success',
      client_ip: null,
      request_id: null,
      details: '{}',
      prev_hash: prev.hash,
    };
    await k
      .insertInto('audit_log')
      .values({ ...forged, seq: seqs[1]! + 1, hash: hashAuditRow(forged) })
      .execute();
    const report = await audit.verify();
    expect(report.firstBad).toMatchObject({ seq: seqs[1]! + 1, id: 'forged-1', reason: 'inserted' });
  });

  it('names an appended row forged without the HMAC key', async () => {
    const key = 'k'.repeat(32);
    const audit = open(key);
    await writeFive(audit);
    const k = t.db.kysely;
    const head = await k.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    const forged = {
      id: 'forged-2',
      ts: '2026-01-01T00:00:09.000Z',
      principal_id: 'mallory',
      principal_type: 'user',
      action: 'auth.login',
      target: null,
      outcome: 'success',
      client_ip: null,
      request_id: null,
      details: '{}',
      prev_hash: head.hash,
    };
    await k
      .insertInto('audit_log')
      .values({ ...forged, hash: hashAuditRow(forged, 'a guessed key, not the real one') })
      .execute();
    expect((await audit.verify()).firstBad).toMatchObject({ id: 'forged-2', reason: 'modified' });
  });

  it('reports HMAC-signed rows as unverifiable without the key', async () => {
    await writeFive(open('k'.repeat(32)));
    expect((await open().verify()).firstBad).toMatchObject({ reason: 'unverifiable' });
  });

  it('keeps one chain under concurrent writers', async () => {
    // Two service instances with their own queues stand for two replicas; PostgreSQL serializes them with the
    // advisory lock. SQLite replicas are processes, so one instance exercises its in-process queue there.
    const writers = dialect === 'postgres' ? [open(), open()] : [open()];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        writers[i % writers.length]!.record({ action: 'test.concurrent', outcome: 'success', details: { i } }),
      ),
    );
    const report = await open().verify();
    expect(report).toMatchObject({ ok: true, checked: 60 });
    const hashes = await t.db.kysely.selectFrom('audit_log').select('prev_hash').execute();
    expect(new Set(hashes.map((h) => h.prev_hash)).size).toBe(60);
  });

  it('never stores a secret planted in details', async () => {
    const audit = open();
    const planted = 'sk-ant-api03-PLANTEDSECRETVALUE1234567890';
    await audit.record({
      action: 'auth.key.created',
      outcome: 'success',
      details: { password: 'hunter2hunter2', note: `key is ${planted}`, nested: { apiKey: 'zzzzzzzzzzzz' } },
    });
    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().execute();
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(planted);
    expect(stored).not.toContain('hunter2hunter2');
    expect(stored).not.toContain('zzzzzzzzzzzz');
    expect(stored).toContain('[REDACTED]');
  });
});
