import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliOutput } from '../adapters/cli/output.js';
import { policyCommands } from '../adapters/cli/policy.js';
import { buildProgram, CliExit } from '../adapters/cli/program.js';
import { createCliHandlers, type ProcessInfo } from './cli-handlers.js';
import { createPolicyCliHandlers } from './policy-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/policy/${name}`, import.meta.url));
let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-policy-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const proc = (): ProcessInfo => ({ env: {}, cwd: dataDir, stdoutIsTty: false });

/** Run `code-engine policy …` in-process as the local principal (with `role`); returns the exit code and output. */
async function run(args: string[], role = 'operator'): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliOutput = { out: (s) => void out.push(s), err: (s) => void err.push(s), isTty: false };
  const program = buildProgram(createCliHandlers(proc()), io, '0.0.0', [policyCommands(createPolicyCliHandlers(proc()))]);
  let code = 0;
  try {
    await program.parseAsync([...args, '--data-dir', dataDir, '--log-level', 'silent', '--set', `mcp.stdio.role=${role}`], {
      from: 'user',
    });
  } catch (e) {
    code = e instanceof CliExit ? e.exitCode : 1;
    if (!(e instanceof CliExit)) err.push(String((e as Error).message));
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('code-engine policy', () => {
  it('lists the axioms with their state', async () => {
    const r = await run(['policy', 'axioms']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/AX-01\s+on\s+critical\s+require_approval/);
    expect(r.out).toMatch(/AX-26\s+off/);
  });

  it('explains a call', async () => {
    const args = JSON.stringify({ namespace: 'shop', name: 'api', replicas: 0 });
    const r = await run(['policy', 'explain', 'kubernetes_scale_deployment', '--args', args, '--env', 'production', '--effects', 'write']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^kubernetes_scale_deployment \(write\) in production \[production\] via override: REQUIRE_APPROVAL by AX-15/);
    expect(r.out).toContain('• AX-15 require_approval');
  });

  it('explains for another principal as JSON', async () => {
    const args = JSON.stringify({ name: 'x', environment: 'dev' });
    const r = await run([
      'policy',
      'explain',
      'x_delete',
      '--args',
      args,
      '--effects',
      'destructive',
      '--as',
      'root',
      '--role',
      'admin',
      '--json',
    ]);
    expect(JSON.parse(r.out)).toMatchObject({ decision: { effect: 'deny', rule: 'AX-19' } });
  });

  it('passes a rule file whose tests hold', async () => {
    const r = await run(['policy', 'test', fixture('team-rules.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/7 passed, 0 failed$/);
  });

  it('exits 1 and names the failing test', async () => {
    const r = await run(['policy', 'test', fixture('failing-rules.yaml')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL This expectation is wrong on purpose');
  });

  it('creates, lists and deletes a rule as an admin', async () => {
    const file = join(dataDir, 'rule.yaml');
    writeFileSync(file, 'id: no-prune\neffect: deny\nreason: Pruning is done by the nightly job.\nmatch: { operations: ["*_prune*"] }\n');
    expect((await run(['policy', 'rules', 'create', file], 'admin')).code).toBe(0);
    expect((await run(['policy', 'rules'])).out).toContain('no-prune deny [db r1]: Pruning is done by the nightly job.');
    const explained = await run(['policy', 'explain', 'docker_prune_images', '--effects', 'write', '--json']);
    expect(JSON.parse(explained.out)).toMatchObject({ decision: { effect: 'deny', rule: 'no-prune' } });
    expect((await run(['policy', 'rules', 'delete', 'no-prune'], 'admin')).code).toBe(0);
    expect((await run(['policy', 'rules'])).out).toBe('No user rules.');
  });

  it('refuses rule changes without policy:write', async () => {
    const file = join(dataDir, 'rule.yaml');
    writeFileSync(file, 'id: x\neffect: deny\nreason: r\n');
    const r = await run(['policy', 'rules', 'create', file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('policy:write');
  });

  it('switches an axiom off for later calls', async () => {
    expect((await run(['policy', 'axioms', 'set', 'AX-16', '--enabled', 'false'], 'admin')).code).toBe(0);
    expect((await run(['policy', 'axioms'])).out).toMatch(/AX-16\s+off/);
  });

  it('holds back switching off a critical axiom for approval', async () => {
    const r = await run(['policy', 'axioms', 'set', 'AX-01', '--enabled', 'false'], 'admin');
    expect(r.code).toBe(1);
    expect(r.err).toContain('AX-01 is a critical axiom');
  });
});
