/**
 * desktop_read_process_output: more output of a session started by desktop_execute_command (long poll with waitMs).
 * Once a session has ended and all its output is read, it is released.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';
import { readSession, renderSessionOutput, sessionOutput } from './session-output.js';

/** Session ids are runner UUIDs. */
export const sessionIdInput = z.string().min(1).max(100).describe('Session id returned by desktop_execute_command');

/** desktop_read_process_output. */
export function readProcessOutputOp(ctx: DesktopContext): Operation {
  const { commands } = ctx.settings;
  return defineOperation({
    name: 'desktop_read_process_output',
    title: 'Read process output',
    description: `New output of a running (or finished) command session since the last read, up to ${commands.maxOutputBytes} bytes; waitMs waits for output to arrive. Only your own sessions.`,
    input: z.object({
      sessionId: sessionIdInput,
      waitMs: z
        .number()
        .int()
        .min(0)
        .max(commands.maxWaitMs)
        .default(0)
        .describe('Wait this long for new output when there is none yet (ms)'),
      cursor: z.number().int().min(0).optional().describe('Read from this byte offset instead of where the last read ended'),
    }),
    output: sessionOutput,
    permission: 'desktop:execute',
    effects: 'read',
    idempotent: false,
    timeoutMs: commands.maxWaitMs + 15_000,
    example: { sessionId: '6f1c1f8e-2d6b-4f5e-9a59-1f0c2b9d7e11', waitMs: 1000 },
    render: renderSessionOutput,
    run: async (input, { principal }) => {
      const record = ctx.sessions.get(principal, input.sessionId);
      const view = await readSession(record.session, { cursor: input.cursor, maxBytes: commands.maxOutputBytes, waitMs: input.waitMs });
      const finished = !view.running && !view.moreOutput;
      if (finished) await ctx.sessions.release(record.id);
      return { ...(finished ? {} : { sessionId: record.id }), ...view };
    },
  });
}
