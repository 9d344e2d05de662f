import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPathGuard } from './path-guard.js';
import { createProcessRunner } from './process-runner.js';

const NODE = process.execPath;
const base = realpathSync(mkdtempSync(join(tmpdir(), 'ce-session-')));
const runner = createProcessRunner({
  allow: [NODE],
  pathGuard: createPathGuard({ roots: [base] }),
  killGraceMs: 300,
  sessions: { max: 3 },
});
afterAll(async () => {
  await runner.close();
  rmSync(base, { recursive: true, force: true });
});

const ECHO_LINES =
  'process.stdin.setEncoding("utf8"); process.stdin.on("data", (d) => process.stdout.write("got:" + d)); console.log("ready")';

/** Read until `predicate` holds on the accumulated stdout (long polls, no sleeps). */
async function readUntil(session: Awaited<ReturnType<typeof runner.start>>, predicate: (text: string) => boolean): Promise<string> {
  let text = '';
  for (let i = 0; i < 50 && !predicate(text); i++) {
    const out = await session.read({ waitMs: 200 });
    text += out.chunks.map((c) => c.text).join('');
    if (out.done) break;
  }
  return text;
}

describe('process sessions', () => {
  it('reads output incrementally with a long poll', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', ECHO_LINES], stdin: true });
    expect(await readUntil(s, (t) => t.includes('ready'))).toContain('ready');
    await runner.dispose(s.id);
  });

  it('writes to stdin and reads the answer', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', ECHO_LINES], stdin: true });
    await readUntil(s, (t) => t.includes('ready'));
    await s.write('ping\n');
    expect(await readUntil(s, (t) => t.includes('got:ping'))).toContain('got:ping');
    await runner.dispose(s.id);
  });

  it('advances the cursor so each byte is read once', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', 'process.stdout.write("abc")'] });
    await s.wait();
    const first = await s.read();
    const second = await s.read();
    expect([first.chunks.map((c) => c.text).join(''), second.chunks, second.cursor]).toEqual(['abc', [], 3]);
  });

  it('re-reads from an earlier cursor', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', 'process.stdout.write("abcdef")'] });
    await s.wait();
    expect((await s.read({ cursor: 3 })).chunks.map((c) => c.text).join('')).toBe('def');
  });

  it('reports dropped bytes when the buffer wraps', async () => {
    const script = 'for (let i = 0; i < 20; i++) process.stdout.write("x".repeat(1000))';
    const s = await runner.start({ command: NODE, args: ['-e', script], bufferBytes: 2000 });
    await s.wait();
    const out = await s.read({ cursor: 0 });
    expect([out.droppedBytes > 0, out.cursor, out.done]).toEqual([true, 20_000, true]);
  });

  it('caps the bytes of one read', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', 'process.stdout.write("x".repeat(5000))'] });
    await s.wait();
    const out = await s.read({ cursor: 0, maxBytes: 100 });
    expect([out.cursor, out.done]).toEqual([100, false]);
  });

  it('tells stdout from stderr', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', 'console.error("oops")'] });
    await s.wait();
    expect((await s.read()).chunks.map((c) => c.stream)).toEqual(['stderr']);
  });

  it('kills the process group and reports the signal', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', 'setInterval(() => {}, 1000)'] });
    expect((await s.kill()).signal).toBe('SIGTERM');
  });

  it('kills a session at its time limit', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', 'setInterval(() => {}, 1000)'], timeoutMs: 200 });
    await s.wait();
    expect((await s.read()).timedOut).toBe(true);
  });

  it('kills a session nobody reads from', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', 'setInterval(() => {}, 1000)'], idleTimeoutMs: 200 });
    expect((await s.wait()).signal).toBe('SIGTERM');
  });

  it('limits how many sessions run at once', async () => {
    const started = await Promise.all([1, 2, 3].map(() => runner.start({ command: NODE, args: ['-e', 'setInterval(() => {}, 1000)'] })));
    await expect(runner.start({ command: NODE, args: ['-e', '0'] })).rejects.toMatchObject({ code: 'E_BULKHEAD_FULL' });
    for (const s of started) await runner.dispose(s.id);
  });

  it('finds a session by id', async () => {
    const s = await runner.start({ command: NODE, args: ['-e', '0'] });
    expect(runner.session(s.id)).toBe(s);
    await runner.dispose(s.id);
  });
});
