import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../core/errors.js';
import { createExecutableAllowlist } from './executable-allowlist.js';
import { createPathGuard } from './path-guard.js';
import { assertSuccess, createProcessRunner, type ProcessRunnerOptions } from './process-runner.js';

const NODE = process.execPath;
const base = realpathSync(mkdtempSync(join(tmpdir(), 'ce-proc-')));
const marker = join(base, 'pwned-marker');
afterAll(() => rmSync(base, { recursive: true, force: true }));
const pathGuard = createPathGuard({ roots: [base] });

const runner = (extra: Partial<ProcessRunnerOptions> = {}) =>
  createProcessRunner({ allow: [NODE, '/bin/echo', '/bin/sleep'], pathGuard, timeoutMs: 10_000, killGraceMs: 300, ...extra });

const PRINT_ARGV = 'process.stdout.write(JSON.stringify(process.argv.slice(1)))';
const corpus = JSON.parse(readFileSync(new URL('../../test/fixtures/attacks/command-injection.json', import.meta.url), 'utf8')) as {
  payloads: Array<{ operand: string; withoutEndOfOptions: 'literal' | 'reject' }>;
};
const payloads = corpus.payloads.map((p) => ({ ...p, operand: p.operand.replaceAll('{marker}', marker) }));

/** True while a process with this pid runs (a zombie waiting for a reaper that never comes counts as dead). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) [ZX] /.test(stat);
  } catch {
    return false;
  }
};

describe('process runner: command-injection corpus', () => {
  const r = runner();

  it('holds at least 50 payloads', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(50);
  });

  it.each(payloads.map((p) => [JSON.stringify(p.operand).slice(0, 60), p] as const))(
    'passes %s to node as one literal argument',
    async (_n, p) => {
      const result = await r.run({ command: NODE, args: ['-e', PRINT_ARGV], operands: [p.operand] });
      expect(JSON.parse(result.stdout)).toEqual([p.operand]);
    },
  );

  it.each(payloads.map((p) => [JSON.stringify(p.operand).slice(0, 60), p] as const))(
    'gives echo (no "--" support) %s safely',
    async (_n, p) => {
      const outcome = await r.run({ command: '/bin/echo', operands: [p.operand] }).then(
        (res) => (res.stdout === `${p.operand}\n` ? 'literal' : `changed: ${res.stdout}`),
        (e: unknown) => (isAppError(e) && e.code === 'E_VALIDATION' ? 'reject' : String(e)),
      );
      expect(outcome).toBe(p.withoutEndOfOptions);
    },
  );

  it('never runs an injected command', () => {
    expect(existsSync(marker)).toBe(false);
  });
});

describe('process runner: allowlist', () => {
  it('refuses a program that is not allowlisted', async () => {
    await expect(runner().run({ command: '/bin/cat', operands: ['/etc/passwd'] })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
      details: { reason: 'not-allowlisted' },
    });
  });

  it('accepts another path to an allowlisted file', () => {
    expect(createExecutableAllowlist(['/bin/echo']).get(realpathSync('/bin/echo')).path).toBe('/bin/echo');
  });

  it('resolves names in the fixed search path', () => {
    expect(createExecutableAllowlist(['sleep'], ['/bin']).get('sleep').path).toBe('/bin/sleep');
  });

  it('refuses to allowlist a shell', () => {
    expect(() => createExecutableAllowlist(['sh'])).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });

  it('refuses to allowlist a launcher such as env', () => {
    expect(() => createExecutableAllowlist(['/usr/bin/env'])).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });

  it('fails at start for an unknown program', () => {
    expect(() => createExecutableAllowlist(['no-such-program-xyz'])).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });

  it('refuses NUL bytes in arguments', async () => {
    await expect(runner().run({ command: '/bin/echo', args: ['a\0b'] })).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });
});

describe('process runner: environment and working directory', () => {
  const PRINT_ENV = 'process.stdout.write(JSON.stringify(process.env))';

  it('passes only inherited names, never the rest of the parent environment', async () => {
    const r = runner({ baseEnv: { HOME: '/home/ce', GITHUB_TOKEN: 'ghp_secret', AWS_SECRET_ACCESS_KEY: 'x' }, inheritEnv: ['HOME'] });
    const env = JSON.parse((await r.run({ command: NODE, args: ['-e', PRINT_ENV] })).stdout) as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual(['HOME', 'PATH']);
  });

  it('never inherits code-loading variables even when listed', async () => {
    const r = runner({ baseEnv: { LD_PRELOAD: '/tmp/evil.so' }, inheritEnv: ['LD_PRELOAD'] });
    const env = JSON.parse((await r.run({ command: NODE, args: ['-e', PRINT_ENV] })).stdout) as Record<string, string>;
    expect(env.LD_PRELOAD).toBeUndefined();
  });

  it('refuses code-loading variables per call', async () => {
    await expect(runner().run({ command: NODE, args: ['-e', '0'], env: { NODE_OPTIONS: '--require=/tmp/x.js' } })).rejects.toMatchObject({
      code: 'E_FORBIDDEN',
    });
  });

  it('sets per-call variables', async () => {
    const env = JSON.parse((await runner().run({ command: NODE, args: ['-e', PRINT_ENV], env: { MODE: 'test' } })).stdout);
    expect(env.MODE).toBe('test');
  });

  it('runs in the first root by default', async () => {
    expect((await runner().run({ command: NODE, args: ['-e', 'process.stdout.write(process.cwd())'] })).stdout).toBe(base);
  });

  it('refuses a working directory outside the roots', async () => {
    await expect(runner().run({ command: '/bin/echo', cwd: '/etc' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });
});

describe('process runner: exit, output and time limits', () => {
  it('reports a non-zero exit code', async () => {
    expect((await runner().run({ command: NODE, args: ['-e', 'process.exit(3)'] })).exitCode).toBe(3);
  });

  it('reports the signal that ended the program', async () => {
    const r = await runner().run({ command: NODE, args: ['-e', 'process.kill(process.pid, "SIGKILL")'] });
    expect([r.exitCode, r.signal]).toEqual([null, 'SIGKILL']);
  });

  it('feeds stdin', async () => {
    const r = await runner().run({ command: NODE, args: ['-e', 'process.stdin.pipe(process.stdout)'], stdin: 'hello' });
    expect(r.stdout).toBe('hello');
  });

  it('truncates output at the cap', async () => {
    const r = await runner().run({ command: NODE, args: ['-e', 'process.stdout.write("x".repeat(100000))'], maxOutputBytes: 1000 });
    expect([r.stdout.length, r.stdoutTruncated, r.exitCode]).toEqual([1000, true, 0]);
  });

  it('kills a program that passes the cap when asked', async () => {
    const loud = 'setInterval(() => process.stdout.write("x".repeat(10000)), 1)';
    const r = await runner().run({ command: NODE, args: ['-e', loud], maxOutputBytes: 1000, onOutputLimit: 'kill' });
    expect(r.signal).toBe('SIGTERM');
  });

  it('kills a program at its time limit', async () => {
    const r = await runner().run({ command: '/bin/sleep', operands: ['30'], timeoutMs: 200 });
    expect([r.timedOut, r.signal]).toEqual([true, 'SIGTERM']);
  });

  it('kills the whole process group at the time limit', async () => {
    const script =
      'const c = require("child_process").spawn("/bin/sleep", ["30"], { stdio: "ignore" }); console.log(c.pid); setInterval(() => {}, 1000)';
    const r = await runner().run({ command: NODE, args: ['-e', script], timeoutMs: 500 });
    const grandchild = Number(r.stdout.trim());
    expect([r.timedOut, grandchild > 0, alive(grandchild)]).toEqual([true, true, false]);
  });

  it('escalates to SIGKILL when SIGTERM is ignored', async () => {
    const stubborn = 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)';
    const r = await runner().run({ command: NODE, args: ['-e', stubborn], timeoutMs: 300 });
    expect(r.signal).toBe('SIGKILL');
  });

  it('kills background processes left behind after a normal exit', async () => {
    const script = 'const c = require("child_process").spawn("/bin/sleep", ["30"], { stdio: "ignore" }); c.unref(); console.log(c.pid)';
    const r = await runner().run({ command: NODE, args: ['-e', script] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(Number(r.stdout.trim()))).toBe(false);
  });

  it('maps a caller abort to E_CANCELLED', async () => {
    const controller = new AbortController();
    const pending = runner().run({ command: '/bin/sleep', operands: ['30'], signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });

  it('measures duration with the injected clock', async () => {
    let t = 0;
    const r = await runner({ clock: { now: () => 0, monotonic: () => (t += 250) } }).run({ command: '/bin/echo' });
    expect(r.durationMs).toBe(250);
  });
});

describe('assertSuccess', () => {
  it('throws E_UPSTREAM with the redacted stderr tail', async () => {
    const r = await runner().run({
      command: NODE,
      args: ['-e', 'console.error("bad key sk-ant-api03-abcdefghijklmnopqrstuv"); process.exit(2)'],
    });
    expect(() => assertSuccess(r)).toThrow(/exited with status 2: bad key \[REDACTED\]/);
  });

  it('throws E_TIMEOUT for a run killed at its limit', async () => {
    const r = await runner().run({ command: '/bin/sleep', operands: ['30'], timeoutMs: 100 });
    expect(() => assertSuccess(r)).toThrow(expect.objectContaining({ code: 'E_TIMEOUT' }));
  });
});
