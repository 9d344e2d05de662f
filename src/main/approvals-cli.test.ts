import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalsCommands } from '../adapters/cli/approvals.js';
import type { CliOutput } from '../adapters/cli/output.js';
import { buildProgram, CliExit } from '../adapters/cli/program.js';
import type { Principal } from '../auth/principal.js';
import { loadConfig } from '../core/config/load.js';
import { migrateToLatest } from '../db/migrate.js';
import { createApprovalsCliHandlers } from './approvals-cli.js';
import { createCliHandlers, type ProcessInfo } from './cli-handlers.js';
import { allMigrations } from './migrations.js';
import { createRuntime, type Runtime } from './runtime.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-approvals-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const proc = (): ProcessInfo => ({ env: {}, cwd: dataDir, stdoutIsTty: false });
/** The in-process CLI's principal (mcp.stdio.principal "local"), here with the admin role. */
const local: Principal = { id: 'local:local', type: 'service', name: 'local', roles: ['admin'] };
const alice: Principal = { id: 'u-alice', type: 'user', name: 'alice', roles: ['operator'] };
const bob: Principal = { id: 'u-bob', type: 'user', name: 'bob', roles: ['admin'] };
const COMMON = ['--data-dir', '', '--log-level', 'silent', '--set', 'mcp.stdio.role=admin'];

/** Run `code-engine approvals …` in-process; returns the exit code and output. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliOutput = { out: (s) => void out.push(s), err: (s) => void err.push(s), isTty: false };
  const program = buildProgram(createCliHandlers(proc()), io, '0.0.0', [approvalsCommands(createApprovalsCliHandlers(proc()))]);
  let code = 0;
  try {
    await program.parseAsync([...args, ...COMMON.map((a) => a || dataDir)], { from: 'user' });
  } catch (e) {
    code = e instanceof CliExit ? e.exitCode : 1;
    if (!(e instanceof CliExit)) err.push(String((e as Error).message));
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Open the same data dir as the CLI does, for setup the policy engine would do. */
async function withTestRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = createRuntime(loadConfig({ env: {}, cwd: dataDir, overrides: { dataDir, 'log.level': 'silent' } }), { logFd: 2 });
  try {
    await migrateToLatest(runtime.db, allMigrations);
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

const versionRequest = (principal: Principal) =>
  withTestRuntime(async (r) => {
    const v = await r.services.approvals.request({
      operation: 'system_version',
      effects: 'read',
      input: {},
      principal,
      face: 'cli',
      reason: 'Needs a second pair of eyes.',
      rules: ['test-rule'],
    });
    return v.id;
  });

describe('code-engine approvals', () => {
  it('lists requests as a table', async () => {
    const id = await versionRequest(alice);
    const res = await run(['approvals', 'list']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/ID\s+OPERATION\s+STATUS\s+VOTES\s+REQUESTER\s+EXPIRES/);
    expect(res.out).toContain(`${id}  system_version  pending  0/1`);
  });

  it('approves a request and prints it', async () => {
    const id = await versionRequest(alice);
    const res = await run(['approvals', 'approve', id, '--comment', 'looks fine']);
    expect(res.code).toBe(0);
    expect(res.out).toContain(`${id} — system_version (read): approved`);
    expect(res.out).toContain('approve by local');
  });

  it('refuses approval of your own request', async () => {
    const id = await versionRequest(local);
    const res = await run(['approvals', 'approve', id]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('another approver must decide');
  });

  it('denies a request with a reason', async () => {
    const id = await versionRequest(alice);
    const res = await run(['approvals', 'deny', id, '--reason', 'not now', '--json']);
    expect(JSON.parse(res.out)).toMatchObject({ id, status: 'denied', votes: [{ decision: 'deny', comment: 'not now' }] });
  });

  it('executes your approved call once', async () => {
    const id = await versionRequest(local);
    await withTestRuntime((r) => r.services.approvals.approve(id, bob));
    const first = await run(['approvals', 'execute', id, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ id, operation: 'system_version', result: { version: expect.any(String) } });
    const replay = await run(['approvals', 'execute', id]);
    expect(replay.code).toBe(1);
    expect(replay.err).toContain('already executed');
  });
});
