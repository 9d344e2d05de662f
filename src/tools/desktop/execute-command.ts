/**
 * desktop_execute_command: run one allowlisted program with an argv array, no shell, inside the roots. It waits up
 * to `waitMs` and returns the output and exit status; a program still running then keeps going as a session whose id
 * comes back for desktop_read_process_output / desktop_kill_process. Checks before start: command-guard.ts; the
 * runner adds the allowlist, scrubbed environment, process-group timeouts and output buffers.
 */
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { assertNoExecOptions, assertNoShellSyntax, assertPathArguments, assertProgramName, forcedOptions } from './command-guard.js';
import type { DesktopContext } from './deps.js';
import { realDirectory } from './file-facts.js';
import { pathInput } from './schemas.js';
import { readSession, renderSessionOutput, sessionOutput } from './session-output.js';

/** desktop_execute_command. */
export function executeCommandOp(ctx: DesktopContext): Operation {
  const { settings, processes, files, sessions } = ctx;
  const { commands } = settings;
  const allowed = [...new Set(processes.allowlist.entries.filter((e) => ctx.commands.has(e.realPath)).map((e) => e.command))];
  return defineOperation({
    name: 'desktop_execute_command',
    title: 'Run a command',
    description:
      'Run one allowed program with its arguments as an array; no shell (no pipes, ;, &&, $VAR, globbing or redirection: run one program per call). ' +
      `Allowed programs: ${allowed.join(', ') || '(none configured: desktop.commands.allow)'}. ` +
      'Working directory and every path argument must be inside the allowed roots. Waits up to waitMs; a program still running then continues as a session: ' +
      'read it with desktop_read_process_output, stop it with desktop_kill_process.',
    input: z.object({
      command: z.string().min(1).max(4096).describe('One program name or absolute path, e.g. "git"'),
      args: z.array(z.string().max(8192)).max(256).default([]).describe('Arguments, one per entry, e.g. ["log", "-n", "5"]'),
      cwd: pathInput.optional().describe('Working directory inside the roots; default the first root'),
      stdin: z.string().max(1_048_576).optional().describe('Text written to the program’s standard input, which is then closed'),
      waitMs: z
        .number()
        .int()
        .min(0)
        .max(commands.maxWaitMs)
        .default(Math.min(30_000, commands.maxWaitMs))
        .describe(`How long to wait for the program before returning a session id (ms, at most ${commands.maxWaitMs})`),
      timeoutMs: z
        .number()
        .int()
        .min(100)
        .max(86_400_000)
        .optional()
        .describe('Kill the program after this long (ms); default security.subprocess.sessionTimeoutMs'),
    }),
    output: sessionOutput.extend({ command: z.string().describe('The program that ran (absolute path)'), args: z.array(z.string()) }),
    permission: 'desktop:execute',
    effects: commands.effects,
    idempotent: false,
    timeoutMs: commands.maxWaitMs + 15_000,
    example: { command: 'git', args: ['status', '--short'], cwd: '.' },
    render: (o) => `$ ${[o.command, ...o.args].join(' ')}\n${renderSessionOutput(o)}`,
    run: async (input, { principal, signal }) => {
      assertProgramName(input.command);
      // The runner's own refusal would list security.subprocess.allow, which is more than models may run.
      const program = (() => {
        try {
          return processes.allowlist.get(input.command);
        } catch (e) {
          if (isAppError(e) && e.code === 'E_FORBIDDEN') return undefined;
          throw e;
        }
      })();
      if (!program || !ctx.commands.has(program.realPath)) {
        throw new AppError(
          'E_FORBIDDEN',
          `Program "${input.command}" is not allowed for desktop commands (desktop.commands.allow). Allowed: ${allowed.join(', ') || '(none)'}.`,
          {
            details: { reason: 'not-allowlisted' },
          },
        );
      }
      if (commands.shellSyntax === 'refuse') assertNoShellSyntax(input.args);
      assertNoExecOptions([program.path, program.realPath], input.args);
      const cwd = await realDirectory(files, input.cwd ?? '.');
      await assertPathArguments(files, cwd, input.args);
      const session = await processes.start({
        command: program.path,
        args: [...forcedOptions([program.path, program.realPath]), ...input.args],
        cwd,
        stdin: input.stdin !== undefined,
        ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
      });
      const record = sessions.add(principal, { session, command: program.path, args: input.args, cwd });
      const onAbort = () => void sessions.release(record.id);
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        if (input.stdin !== undefined) {
          // Not awaited: a program that never reads would block the write (and this call) once the pipe is full.
          session.write(input.stdin).then(
            () => session.closeStdin(),
            () => undefined, // EPIPE: the program exited without reading its input
          );
        }
        await Promise.race([session.wait(), delay(input.waitMs, signal)]);
        if (signal.aborted) throw new AppError('E_CANCELLED', `Running ${input.command} was cancelled; the program was stopped.`);
        const view = await readSession(session, { cursor: 0, maxBytes: commands.maxOutputBytes });
        const keep = view.running || view.moreOutput;
        if (!keep) await sessions.release(record.id);
        return { ...(keep ? { sessionId: record.id } : {}), ...view, command: program.path, args: input.args };
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  });
}

/** Resolve after `ms`, or at once when `signal` aborts. */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
