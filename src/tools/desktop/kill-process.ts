/**
 * desktop_kill_process: stop a command session this server started for the caller (SIGTERM to its process group,
 * SIGKILL after the grace period) and release it. No other process can be named: the id must be one of yours.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';
import { sessionIdInput } from './read-process-output.js';

/** desktop_kill_process. */
export function killProcessOp(ctx: DesktopContext): Operation {
  return defineOperation({
    name: 'desktop_kill_process',
    title: 'Stop a command session',
    description:
      'Stop one of your command sessions (its whole process group) and discard its unread output. Only sessions started by desktop_execute_command.',
    input: z.object({ sessionId: sessionIdInput }),
    output: z.object({
      sessionId: z.string(),
      wasRunning: z.boolean(),
      exitCode: z.number().int().nullable(),
      signal: z.string().nullable(),
    }),
    permission: 'desktop:execute',
    effects: 'write',
    idempotent: true,
    example: { sessionId: '6f1c1f8e-2d6b-4f5e-9a59-1f0c2b9d7e11' },
    render: (o) => `Session ${o.sessionId} ${o.wasRunning ? 'stopped' : 'had already ended'} (${o.signal ?? `status ${o.exitCode}`}).`,
    run: async (input, { principal }) => {
      const record = ctx.sessions.get(principal, input.sessionId);
      const wasRunning = record.session.exit === undefined;
      const exit = wasRunning ? await record.session.kill() : record.session.exit!;
      await ctx.sessions.release(record.id);
      return { sessionId: record.id, wasRunning, exitCode: exit.exitCode, signal: exit.signal };
    },
  });
}
