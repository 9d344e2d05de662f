/**
 * Runs `code-engine` on process.argv when imported, and turns every failure into a message and an exit code.
 * cli-main.ts imports it once zod is configured.
 */
import { processOutput } from '../adapters/cli/output.js';
import type { CliHandlers } from '../adapters/cli/program.js';
import { buildProgram, CliExit, CommanderError, commanderExitCode } from '../adapters/cli/program.js';
import { isAppError } from '../core/errors.js';
import { cliExtensions } from './cli.js';
import { lazyHandlers } from './lazy-handlers.js';
import { VERSION } from './version.js';

/** Exit codes (documented in the README): 0 ok, 1 failure, 2 bad usage or invalid configuration/input. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CliExit) return error.exitCode;
  if (error instanceof CommanderError) return commanderExitCode(error);
  if (isAppError(error) && (error.code === 'E_CONFIG' || error.code === 'E_VALIDATION')) return 2;
  return 1;
}

async function main(): Promise<number> {
  const info = { env: process.env, cwd: process.cwd(), stdoutIsTty: process.stdout.isTTY === true };
  const handlers = lazyHandlers<CliHandlers>(() => import('./cli-handlers.js').then((m) => m.createCliHandlers(info)));
  const program = buildProgram(handlers, processOutput, VERSION, cliExtensions);
  try {
    await program.parseAsync(process.argv);
    return 0;
  } catch (error) {
    if (!(error instanceof CliExit) && !(error instanceof CommanderError)) {
      const text = isAppError(error) ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
      processOutput.err(`code-engine: ${text}`);
      if (process.env.CODE_ENGINE_DEBUG && error instanceof Error) processOutput.err(error.stack ?? '');
    }
    return exitCodeFor(error);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // Servers end through their own shutdown; one-shot commands must not hang on idle handles.
    setTimeout(() => process.exit(code), 200).unref();
  },
  () => process.exit(1),
);
