import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCommands } from '../adapters/cli/audit.js';
import type { CliOutput } from '../adapters/cli/output.js';
import { buildProgram, CliExit } from '../adapters/cli/program.js';
import { loadConfig } from '../core/config/load.js';
import { migrateToLatest } from '../db/migrate.js';
import { createAuditCliHandlers } from './audit-cli.js';
import { createCliHandlers, type ProcessInfo } from './cli-handlers.js';
import { allMigrations } from './migrations.js';
import { createRuntime } from './runtime.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-audit-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const proc = (): ProcessInfo => ({ env: {}, cwd: dataDir, stdoutIsTty: false });

/** Run `code-engine <args>` in-process; returns the exit code and what was printed. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string; errorCode?: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliOutput = { out: (s) => void out.push(s), err: (s) => void err.push(s), isTty: false };
  const program = buildProgram(createCliHandlers(proc()), io, '0.0.0', [auditCommands(createAuditCliHandlers(proc()))]);
  let code = 0;
  let errorCode: string | undefined;
  try {
    await program.parseAsync([...args, '--data-dir', dataDir, '--log-level', 'silent'], { from: 'user' });
  } catch (e) {
    code = e instanceof CliExit ? e.exitCode : 1;
    if (!(e instanceof CliExit)) err.push(String((e as Error).message));
    errorCode = (e as { code?: string }).code;
  }
  return { code, out: out.join('\n'), err: err.join('\n'), ...(errorCode ? { errorCode } : {}) };
}

/** Write events through a real runtime, as `serve` would. */
async function seed(n: number, options: { daysAgo?: number } = {}): Promise<void> {
  const loaded = loadConfig({ cwd: dataDir, overrides: { dataDir, 'log.level': 'silent' } });
  const start = Date.now() - (options.daysAgo ?? 0) * 86_400_000;
  let tick = 0;
  const runtime = createRuntime(loaded, { logFd: 2, clock: { now: () => start + tick++ * 1000, monotonic: () => 0 } });
  try {
    await migrateToLatest(runtime.db, allMigrations);
    for (let i = 0; i < n; i++) await runtime.services.audit.record({ action: 'test.cli', outcome: 'success', details: { i } });
  } finally {
    await runtime.close();
  }
}

describe('audit verify', () => {
  it('exits 0 and reports the rows verified', async () => {
    await seed(3);
    const res = await run(['audit', 'verify']);
    expect(res.code).toBe(0);
    expect(res.out).toContain('Audit chain OK: 3 row(s) verified');
  });

  it('exits 1 and names the first bad row of a tampered database', async () => {
    await seed(3);
    const loaded = loadConfig({ cwd: dataDir, overrides: { dataDir, 'log.level': 'silent' } });
    const runtime = createRuntime(loaded, { logFd: 2 });
    const rows = await runtime.db.kysely.selectFrom('audit_log').select('seq').orderBy('seq').execute();
    await runtime.db.kysely.updateTable('audit_log').set({ action: 'test.forged' }).where('seq', '=', rows[1]!.seq).execute();
    await runtime.close();
    const res = await run(['audit', 'verify']);
    expect(res.code).toBe(1);
    expect(res.out).toContain(`BROKEN`);
    expect(res.out).toContain(`seq ${rows[1]!.seq}`);
  });

  it('verifies an exported file offline', async () => {
    await seed(4);
    const file = join(dataDir, 'export.ndjson');
    expect((await run(['audit', 'export', '--out', file])).code).toBe(0);
    const res = await run(['audit', 'verify', '--file', file, '--json']);
    expect(JSON.parse(res.out)).toMatchObject({ ok: true, checked: 4 });
  });
});

describe('audit export', () => {
  it('prints one JSON record per line', async () => {
    await seed(2);
    const res = await run(['audit', 'export', '--action', 'test.']);
    const lines = res.out.split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.details.i)).toEqual([0, 1]);
  });

  it('fails with E_VALIDATION naming a bad filter flag', async () => {
    const res = await run(['audit', 'export', '--outcome', 'maybe']);
    expect(res.errorCode).toBe('E_VALIDATION');
    expect(res.err).toContain('--outcome');
  });

  it('writes a file readable only by the owner', async () => {
    await seed(1);
    const file = join(dataDir, 'out.ndjson');
    await run(['audit', 'export', '--out', file]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('audit prune', () => {
  it('archives and deletes records older than --days', async () => {
    await seed(3, { daysAgo: 10 });
    const res = await run(['audit', 'prune', '--days', '5']);
    expect(res.out).toContain('Archived 3 record(s)');
    expect(readdirSync(join(dataDir, 'audit-archive'))).toHaveLength(1);
    expect((await run(['audit', 'verify'])).code).toBe(0);
  });

  it('reports what it would do on --dry-run', async () => {
    await seed(2, { daysAgo: 10 });
    const res = await run(['audit', 'prune', '--days', '5', '--dry-run']);
    expect(res.out).toContain('Would archive and delete 2 record(s)');
  });
});
