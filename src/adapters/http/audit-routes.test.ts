import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditTestDatabase } from '../../../test/helpers/audit-db.js';
import type { TestDatabase } from '../../../test/helpers/pg.js';
import { type AuditLog, createAuditLog } from '../../auth/audit/audit-log.js';
import { loadConfig } from '../../core/config/load.js';
import { systemClock, systemIds } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../monitoring/metrics.js';
import { buildApp } from './app.js';
import { denyAllGuard, type RouteGuard, registerAuditRoutes } from './audit-routes.js';

let t: TestDatabase;
let archiveDir: string;
let audit: AuditLog;
let app: FastifyInstance | undefined;

beforeEach(async () => {
  t = await openAuditTestDatabase('sqlite');
  archiveDir = mkdtempSync(join(tmpdir(), 'ce-audit-routes-'));
  audit = createAuditLog({ db: t.db, clock: systemClock, ids: systemIds, maxDetailsBytes: 4096, retentionDays: 0, archiveDir });
  for (const action of ['auth.login', 'auth.logout', 'operation.call']) await audit.record({ action, outcome: 'success' });
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await t.cleanup();
  rmSync(archiveDir, { recursive: true, force: true });
});

/** Stands in for requirePermission('audit:read'): the test header grants it. */
const headerGuard: RouteGuard = async (request: FastifyRequest) => {
  if (request.headers['x-test-permission'] !== 'audit:read') throw new AppError('E_FORBIDDEN', 'Missing permission audit:read.');
};
const allowed = { 'x-test-permission': 'audit:read' };

async function build(guard: RouteGuard = headerGuard): Promise<FastifyInstance> {
  const { config } = loadConfig({ overrides: {} });
  app = await buildApp({
    config,
    log: createLogger({ level: 'silent', format: 'json' }),
    ids: systemIds,
    metrics: createMetricsRegistry({ defaultMetrics: false, prefix: '' }),
    healthChecks: [],
    version: '0.0.0',
    routes: [(a) => registerAuditRoutes(a, { audit, guard })],
  });
  await app.ready();
  return app;
}

describe('GET /api/audit', () => {
  it('returns a page of records matching the filters', async () => {
    const app = await build();
    const res = await app.inject({ url: '/api/audit?action=auth.&limit=1&order=asc', headers: allowed });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { action: string }) => i.action)).toEqual(['auth.login']);
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('answers 400 problem+json for an invalid filter', async () => {
    const app = await build();
    const res = await app.inject({ url: '/api/audit?outcome=maybe', headers: allowed });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'E_VALIDATION' });
  });

  it('is refused without audit:read', async () => {
    const app = await build();
    expect((await app.inject('/api/audit')).statusCode).toBe(403);
  });

  it('is refused with 401 by the deny-all guard', async () => {
    const app = await build(denyAllGuard);
    const res = await app.inject({ url: '/api/audit', headers: allowed });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'E_UNAUTHENTICATED' });
  });
});

describe('GET /api/audit/verify', () => {
  it('reports an intact chain', async () => {
    const app = await build();
    const res = await app.inject({ url: '/api/audit/verify', headers: allowed });
    expect(res.json()).toMatchObject({ ok: true, checked: 3, firstBad: null });
  });

  it('names the first bad row of a tampered chain', async () => {
    const app = await build();
    const row = await t.db.kysely.selectFrom('audit_log').select('seq').orderBy('seq').limit(1).executeTakeFirstOrThrow();
    await t.db.kysely.updateTable('audit_log').set({ outcome: 'failure' }).where('seq', '=', row.seq).execute();
    const res = await app.inject({ url: '/api/audit/verify', headers: allowed });
    expect(res.json()).toMatchObject({ ok: false, firstBad: { seq: Number(row.seq), reason: 'modified' } });
  });

  it('is refused without audit:read', async () => {
    const app = await build();
    expect((await app.inject('/api/audit/verify')).statusCode).toBe(403);
  });
});

describe('GET /api/audit/export', () => {
  it('streams NDJSON, oldest first', async () => {
    const app = await build();
    const res = await app.inject({ url: '/api/audit/export?action=auth.', headers: allowed });
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.action)).toEqual(['auth.login', 'auth.logout']);
  });

  it('audits the export itself', async () => {
    const app = await build();
    await app.inject({ url: '/api/audit/export', headers: allowed });
    const page = await audit.query({ action: 'audit.export' });
    expect(page.items).toHaveLength(1);
  });

  it('is refused without audit:read', async () => {
    const app = await build();
    expect((await app.inject('/api/audit/export')).statusCode).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents the audit routes', async () => {
    const app = await build();
    const doc = (await app.inject('/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/audit', '/api/audit/verify', '/api/audit/export']));
  });
});
