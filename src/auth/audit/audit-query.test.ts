import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditTestDatabase } from '../../../test/helpers/audit-db.js';
import { type TestDatabase, testDialects } from '../../../test/helpers/pg.js';
import { systemIds } from '../../core/deps.js';
import { type AuditLog, createAuditLog } from './audit-log.js';

describe.each(await testDialects())('audit query on %s', (dialect) => {
  let t: TestDatabase;
  let audit: AuditLog;
  let archiveDir: string;

  beforeAll(async () => {
    t = await openAuditTestDatabase(dialect);
    archiveDir = mkdtempSync(join(tmpdir(), 'ce-audit-q-'));
    let now = Date.parse('2026-03-01T00:00:00Z');
    const clock = { now: () => now, monotonic: () => now };
    audit = createAuditLog({ db: t.db, clock, ids: systemIds, maxDetailsBytes: 4096, retentionDays: 0, archiveDir });
    const events = [
      { action: 'auth.login', outcome: 'success', principal: { id: 'alice', type: 'user' }, target: 'user:1' },
      { action: 'auth.login', outcome: 'failure', principal: null, target: 'user:2', clientIp: '10.0.0.9' },
      { action: 'auth.key.created', outcome: 'success', principal: { id: 'alice', type: 'user' }, target: 'key:7' },
      { action: 'operation.call', outcome: 'denied', principal: { id: 'k1', type: 'api_key' }, target: 'kubernetes_scale_deployment' },
      { action: 'authz.check', outcome: 'success', principal: { id: 'bob', type: 'user' }, target: 'user:1' },
    ] as const;
    for (const e of events) {
      await audit.record(e);
      now += 60_000;
    }
  });
  afterAll(async () => {
    await t.cleanup();
    rmSync(archiveDir, { recursive: true, force: true });
  });

  const actions = async (q: Parameters<AuditLog['query']>[0]) => (await audit.query(q)).items.map((i) => `${i.action}/${i.outcome}`);

  it('lists newest first by default', async () => {
    expect(await actions({})).toEqual([
      'authz.check/success',
      'operation.call/denied',
      'auth.key.created/success',
      'auth.login/failure',
      'auth.login/success',
    ]);
  });

  it('filters by action prefix without matching a longer word', async () => {
    expect(await actions({ action: 'auth.', order: 'asc' })).toEqual([
      'auth.login/success',
      'auth.login/failure',
      'auth.key.created/success',
    ]);
  });

  it('filters by principal and outcome', async () => {
    expect(await actions({ principal: 'alice', outcome: 'success', order: 'asc' })).toEqual([
      'auth.login/success',
      'auth.key.created/success',
    ]);
  });

  it('filters by exact target', async () => {
    expect(await actions({ target: 'user:1', order: 'asc' })).toEqual(['auth.login/success', 'authz.check/success']);
  });

  it('filters by a half-open time range', async () => {
    expect(await actions({ from: '2026-03-01T00:01:00Z', to: '2026-03-01T00:03:00Z', order: 'asc' })).toEqual([
      'auth.login/failure',
      'auth.key.created/success',
    ]);
  });

  it('pages with an opaque cursor until the last page', async () => {
    const first = await audit.query({ limit: 2 });
    const second = await audit.query({ limit: 2, cursor: first.nextCursor });
    const third = await audit.query({ limit: 2, cursor: second.nextCursor });
    expect([first, second, third].map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(third.nextCursor).toBeUndefined();
    expect(new Set([...first.items, ...second.items, ...third.items].map((i) => i.seq)).size).toBe(5);
  });

  it('rejects a forged cursor', async () => {
    await expect(audit.query({ cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });

  it('exports every matching record oldest first, with hashes', async () => {
    const out = [];
    for await (const r of audit.export({ principalType: 'user' })) out.push(r);
    expect(out.map((r) => r.principalId)).toEqual(['alice', 'alice', 'bob']);
    expect(out[0]?.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
