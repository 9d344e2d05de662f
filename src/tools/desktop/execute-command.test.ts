import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture({
    allow: ['echo', 'ls', 'cat', 'sleep', 'yes', 'find', 'touch'],
    settings: { commands: { maxOutputBytes: 4096, maxWaitMs: 5_000 } },
  });
  mkdirSync(join(f.root, 'sub'));
  writeFileSync(join(f.root, 'sub', 'file.txt'), 'x');
});
afterAll(() => f.close());

type Out = {
  sessionId?: string;
  running: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  moreOutput: boolean;
  command: string;
};
const run = async (input: Record<string, unknown>) => (await f.call('desktop_execute_command', input)).output as Out;

describe('desktop_execute_command', () => {
  it('runs a program with an argv array and returns its output and exit status', async () => {
    const o = await run({ command: 'echo', args: ['hello', 'world'] });
    expect(o).toMatchObject({ running: false, exitCode: 0, stdout: 'hello world\n', stderr: '', command: '/usr/bin/echo' });
    expect(o.sessionId).toBeUndefined();
  });

  it('reports a failing program as a result with its exit status and stderr', async () => {
    const o = await run({ command: 'ls', args: ['no-such-file'] });
    expect(o.exitCode).not.toBe(0);
    expect(o.stderr).toContain('no-such-file');
  });

  it('runs in the given working directory and feeds stdin', async () => {
    expect((await run({ command: 'ls', cwd: 'sub' })).stdout).toBe('file.txt\n');
    expect((await run({ command: 'cat', stdin: 'piped input' })).stdout).toBe('piped input');
  });

  it('returns a session id for a program still running after waitMs', async () => {
    const o = await run({ command: 'sleep', args: ['5'], waitMs: 100 });
    expect(o).toMatchObject({ running: true, exitCode: null });
    expect(o.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await f.call('desktop_kill_process', { sessionId: o.sessionId });
  });

  it('caps the output it returns', async () => {
    const o = await run({ command: 'yes', waitMs: 300 });
    expect(Buffer.byteLength(o.stdout)).toBeLessThanOrEqual(4096);
    expect(o.moreOutput || o.running).toBe(true);
    if (o.sessionId) await f.call('desktop_kill_process', { sessionId: o.sessionId });
  });

  it('kills a program at its time limit', async () => {
    const o = await run({ command: 'sleep', args: ['10'], timeoutMs: 300, waitMs: 3_000 });
    expect(o).toMatchObject({ running: false, timedOut: true, signal: 'SIGTERM' });
  });

  it('stops the program when the call is cancelled', async () => {
    const controller = new AbortController();
    const pending = f.fail('desktop_execute_command', { command: 'sleep', args: ['10'], waitMs: 3_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    expect((await pending).code).toBe('E_CANCELLED');
    expect(f.runner.sessions().filter((s) => !s.exit)).toHaveLength(0);
  });

  it('refuses a shell command line, shell syntax and bad arguments with E_VALIDATION', async () => {
    for (const input of [
      { command: 'ls -la' },
      { command: 'echo', args: ['a; touch x'] },
      { command: 'echo', args: 'hello' },
      { command: 'echo', waitMs: 999_999 },
    ]) {
      expect((await f.fail('desktop_execute_command', input)).code, JSON.stringify(input)).toBe('E_VALIDATION');
    }
  });

  it('refuses a caller without desktop:execute', async () => {
    expect((await f.fail('desktop_execute_command', { command: 'echo' }, { role: 'viewer' })).code).toBe('E_FORBIDDEN');
  });

  it('refuses programs that are not allowed, code-running options and paths outside the roots', async () => {
    for (const input of [
      { command: 'sh', args: ['-c', 'touch pwned'] },
      { command: '/usr/bin/git', args: ['status'] },
      { command: 'find', args: ['.', '-exec', 'touch', 'pwned', '+'] },
      { command: 'cat', args: ['../outside/secret.txt'] },
      { command: 'cat', args: ['.code-engine/secrets.key'] },
      { command: 'ls', cwd: '../outside' },
    ]) {
      expect((await f.fail('desktop_execute_command', input)).code, JSON.stringify(input)).toBe('E_FORBIDDEN');
    }
    expect(existsSync(join(f.root, 'pwned'))).toBe(false);
  });

  it('does not hang on input the program never reads', async () => {
    expect(await run({ command: 'sleep', args: ['0.2'], stdin: 'x'.repeat(1_000_000), waitMs: 3_000 })).toMatchObject({
      running: false,
      exitCode: 0,
    });
  });

  it('needs confirmation by default, being destructive', async () => {
    expect((await f.fail('desktop_execute_command', { command: 'echo' }, { confirmed: false })).code).toBe('E_APPROVAL_REQUIRED');
  });

  it('answers a missing working directory with E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_execute_command', { command: 'ls', cwd: 'gone' })).code).toBe('E_NOT_FOUND');
  });
});

describe('desktop_execute_command effects', () => {
  it('is hidden in non_destructive mode by default', async () => {
    const g = await createDesktopFixture({ allow: ['echo'], mode: 'non_destructive' });
    try {
      expect((await g.fail('desktop_execute_command', { command: 'echo' })).code).toBe('E_FORBIDDEN');
    } finally {
      await g.close();
    }
  });

  it('runs in non_destructive mode without confirmation when configured as write', async () => {
    const g = await createDesktopFixture({ allow: ['echo'], mode: 'non_destructive', settings: { commands: { effects: 'write' } } });
    try {
      expect((await g.call('desktop_execute_command', { command: 'echo', args: ['ok'] }, { confirmed: false })).output).toMatchObject({
        stdout: 'ok\n',
      });
    } finally {
      await g.close();
    }
  });

  it('keeps programs allowed only to other capabilities out of reach and out of its messages', async () => {
    const g = await createDesktopFixture({ allow: ['echo', 'ls'], settings: { commands: { allow: ['echo'] } } });
    try {
      const error = await g.fail('desktop_execute_command', { command: 'ls' });
      expect(error.code).toBe('E_FORBIDDEN');
      expect(error.message).toContain('Allowed: echo.');
      expect(error.message).not.toContain('security.subprocess.allow');
    } finally {
      await g.close();
    }
  });

  it('refuses to start with a program missing from security.subprocess.allow', async () => {
    await expect(createDesktopFixture({ allow: [], settings: { commands: { allow: ['ls'] } } })).rejects.toMatchObject({
      code: 'E_CONFIG',
    });
  });
});
