import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';
import { principal } from '../../../test/helpers/gateway.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture({ allow: ['sleep', 'tail', 'echo'], settings: { commands: { maxWaitMs: 5_000 } } });
  writeFileSync(join(f.root, 'app.log'), 'first\n');
});
afterAll(() => f.close());

type Session = { sessionId?: string; running: boolean; stdout: string; exitCode: number | null; signal: string | null };
const start = async (command: string, args: string[], role = 'operator') =>
  (await f.call('desktop_execute_command', { command, args, waitMs: 150 }, { role })).output as Session;
const read = async (sessionId: string, waitMs = 0) =>
  (await f.call('desktop_read_process_output', { sessionId, waitMs })).output as Session;
const mallory = principal('operator', 'mallory');

describe('desktop_read_process_output', () => {
  it('returns new output since the last read, waiting for it when asked', async () => {
    const s = await start('tail', ['-n', '+1', '-f', 'app.log']);
    expect(s).toMatchObject({ running: true, stdout: 'first\n' });
    setTimeout(() => appendFileSync(join(f.root, 'app.log'), 'second\n'), 200);
    const next = await read(s.sessionId!, 3_000);
    expect(next).toMatchObject({ running: true, stdout: 'second\n', sessionId: s.sessionId });
    await f.call('desktop_kill_process', { sessionId: s.sessionId });
  });

  it('releases a session once it has ended and its output is read', async () => {
    const s = await start('sleep', ['0.3']);
    const last = await read(s.sessionId!, 3_000);
    const done = last.running ? await read(s.sessionId!, 3_000) : last;
    expect(done).toMatchObject({ running: false, exitCode: 0 });
    expect(done.sessionId).toBeUndefined();
    expect((await f.fail('desktop_read_process_output', { sessionId: s.sessionId })).code).toBe('E_NOT_FOUND');
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_read_process_output', {})).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_read_process_output', { sessionId: 'x', waitMs: -1 })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:execute', async () => {
    expect((await f.fail('desktop_read_process_output', { sessionId: 'x' }, { role: 'viewer' })).code).toBe('E_FORBIDDEN');
  });

  it("hides another principal's session", async () => {
    const s = await start('sleep', ['5']);
    expect((await f.fail('desktop_read_process_output', { sessionId: s.sessionId }, { principal: mallory })).code).toBe('E_NOT_FOUND');
    await f.call('desktop_kill_process', { sessionId: s.sessionId });
  });

  it('reports a program killed at its time limit', async () => {
    const s = (await f.call('desktop_execute_command', { command: 'sleep', args: ['10'], timeoutMs: 300, waitMs: 50 })).output as Session;
    const done = await read(s.sessionId!, 3_000);
    const final = done.running ? await read(s.sessionId!, 3_000) : done;
    expect(final).toMatchObject({ running: false, signal: 'SIGTERM', timedOut: true });
  });
});

describe('desktop_list_sessions', () => {
  it("lists the caller's sessions only, not other principals' nor other capabilities'", async () => {
    const mine = await start('sleep', ['5']);
    const theirs = (await f.call('desktop_execute_command', { command: 'sleep', args: ['5'], waitMs: 50 }, { principal: mallory }))
      .output as Session;
    const foreign = await f.runner.start({ command: 'sleep', args: ['5'] });
    const listed = (await f.call('desktop_list_sessions', {})).output as {
      sessions: Array<{ sessionId: string; command: string; args: string[] }>;
    };
    expect(listed.sessions.map((s) => s.sessionId)).toEqual([mine.sessionId]);
    expect(listed.sessions[0]).toMatchObject({ command: '/usr/bin/sleep', args: ['5'] });
    await f.call('desktop_kill_process', { sessionId: mine.sessionId });
    await f.call('desktop_kill_process', { sessionId: theirs.sessionId }, { principal: mallory });
    await f.runner.dispose(foreign.id);
  });

  it('refuses arguments it does not take with E_VALIDATION', async () => {
    expect((await f.fail('desktop_list_sessions', { all: true })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:execute', async () => {
    expect((await f.fail('desktop_list_sessions', {}, { role: 'viewer' })).code).toBe('E_FORBIDDEN');
  });
});

describe('desktop_kill_process', () => {
  it('stops a running session and releases it', async () => {
    const s = await start('sleep', ['30']);
    const killed = (await f.call('desktop_kill_process', { sessionId: s.sessionId })).output;
    expect(killed).toMatchObject({ sessionId: s.sessionId, wasRunning: true, signal: 'SIGTERM' });
    expect((await f.fail('desktop_kill_process', { sessionId: s.sessionId })).code).toBe('E_NOT_FOUND');
  });

  it('reports a session that had already ended', async () => {
    const s = (await f.call('desktop_execute_command', { command: 'sleep', args: ['0.1'], waitMs: 0 })).output as Session;
    await new Promise((r) => setTimeout(r, 400));
    expect((await f.call('desktop_kill_process', { sessionId: s.sessionId })).output).toMatchObject({ wasRunning: false, exitCode: 0 });
  });

  it('cannot kill processes it did not start: other capabilities\u2019 sessions and other principals\u2019', async () => {
    const foreign = await f.runner.start({ command: 'sleep', args: ['5'] });
    expect((await f.fail('desktop_kill_process', { sessionId: foreign.id })).code).toBe('E_NOT_FOUND');
    expect(foreign.exit).toBeUndefined();
    const s = await start('sleep', ['5']);
    expect((await f.fail('desktop_kill_process', { sessionId: s.sessionId }, { principal: mallory })).code).toBe('E_NOT_FOUND');
    await f.runner.dispose(foreign.id);
    await f.call('desktop_kill_process', { sessionId: s.sessionId });
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_kill_process', { sessionId: '' })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_kill_process', { pid: 1 })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:execute', async () => {
    expect((await f.fail('desktop_kill_process', { sessionId: 'x' }, { role: 'viewer' })).code).toBe('E_FORBIDDEN');
  });
});
