/**
 * The output shape shared by desktop_execute_command and desktop_read_process_output: stdout and stderr text read
 * from a session's buffer, exit status when it has ended, and the cursor for the next read.
 */
import { z } from 'zod';
import type { ProcessSession, SessionOutput } from '../../security/process-session.js';

/** Output fields of a session read. */
export const sessionOutput = z.object({
  sessionId: z
    .string()
    .optional()
    .describe('Present while the program runs (or has unread output): pass it to desktop_read_process_output'),
  running: z.boolean(),
  exitCode: z.number().int().nullable().describe('Exit status once ended; null while running or when a signal ended it'),
  signal: z.string().nullable().describe('Signal that ended the program, if any'),
  timedOut: z.boolean().describe('Killed for passing its time limit'),
  stdout: z.string(),
  stderr: z.string(),
  cursor: z.number().int().describe('Bytes of output read so far; reads continue from here'),
  droppedBytes: z.number().int().describe('Output lost because the session buffer overflowed before it was read'),
  moreOutput: z.boolean().describe('More output is buffered than this read returned'),
});
export type SessionOutputView = z.infer<typeof sessionOutput>;

/** Read up to `maxBytes` of output after `cursor` and shape it. */
export async function readSession(
  session: ProcessSession,
  options: { cursor?: number | undefined; maxBytes: number; waitMs?: number },
): Promise<Omit<SessionOutputView, 'sessionId'>> {
  const out: SessionOutput = await session.read({
    maxBytes: options.maxBytes,
    ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
    ...(options.waitMs ? { waitMs: options.waitMs } : {}),
  });
  const text = (stream: 'stdout' | 'stderr') =>
    out.chunks
      .filter((c) => c.stream === stream)
      .map((c) => c.text)
      .join('');
  // A read that filled maxBytes may have left output behind; after exit, `done` says it exactly.
  const returned = out.cursor - (out.chunks[0]?.offset ?? out.cursor);
  const more = out.exit !== undefined ? !out.done : returned >= options.maxBytes;
  return {
    running: out.exit === undefined,
    exitCode: out.exit?.exitCode ?? null,
    signal: out.exit?.signal ?? null,
    timedOut: out.timedOut,
    stdout: text('stdout'),
    stderr: text('stderr'),
    cursor: out.cursor,
    droppedBytes: out.droppedBytes,
    moreOutput: more,
  };
}

/** A short human rendering: status line, then the output. */
export function renderSessionOutput(o: SessionOutputView): string {
  const status = o.running
    ? `running (session ${o.sessionId})`
    : o.signal
      ? `killed by ${o.signal}${o.timedOut ? ' (time limit)' : ''}`
      : `exited with status ${o.exitCode}`;
  return [
    status + (o.moreOutput ? '; more output: call desktop_read_process_output' : ''),
    ...(o.stdout ? [o.stdout.trimEnd()] : []),
    ...(o.stderr ? [`[stderr]\n${o.stderr.trimEnd()}`] : []),
    ...(o.droppedBytes ? [`(${o.droppedBytes} bytes of output were dropped)`] : []),
  ].join('\n');
}
