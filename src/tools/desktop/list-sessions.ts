/**
 * desktop_list_sessions: the caller's command sessions (running, or finished with unread output).
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { DesktopContext } from './deps.js';

/** desktop_list_sessions. */
export function listSessionsOp(ctx: DesktopContext): Operation {
  return defineOperation({
    name: 'desktop_list_sessions',
    title: 'List command sessions',
    description: 'Your command sessions started by desktop_execute_command that still run or have unread output.',
    input: z.strictObject({}).describe('No arguments'),
    output: z.object({
      sessions: z.array(
        z.object({
          sessionId: z.string(),
          command: z.string(),
          args: z.array(z.string()),
          cwd: z.string(),
          pid: z.number().int(),
          running: z.boolean(),
          exitCode: z.number().int().nullable(),
          startedAt: z.string(),
        }),
      ),
    }),
    permission: 'desktop:execute',
    effects: 'read',
    render: (o) =>
      o.sessions.length
        ? o.sessions
            .map(
              (s) => `${s.sessionId} ${s.running ? 'running' : `exited ${s.exitCode}`} pid ${s.pid}: ${[s.command, ...s.args].join(' ')}`,
            )
            .join('\n')
        : 'No sessions.',
    run: async (_input, { principal }) => ({
      sessions: ctx.sessions.list(principal).map((r) => ({
        sessionId: r.id,
        command: r.command,
        args: [...r.args],
        cwd: r.cwd,
        pid: r.session.pid,
        running: r.session.exit === undefined,
        exitCode: r.session.exit?.exitCode ?? null,
        startedAt: new Date(r.startedAt).toISOString(),
      })),
    }),
  });
}
