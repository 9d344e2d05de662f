/**
 * Handlers of `code-engine ask` and `code-engine experts …`: each opens a runtime for the command (migrations
 * applied) and calls services.experts. The local CLI user consults as `local:<os user>` (daily budgets apply).
 */
import { readFile, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { relative, resolve } from 'node:path';
import type { ExpertsCliHandlers } from '../adapters/cli/experts.js';
import { AppError } from '../core/errors.js';
import { type ProcessInfo, withRuntime } from './cli-handlers.js';

/** Largest file `ask --file` attaches (the consult schema caps a snippet at 1,000,000 characters). */
const MAX_FILE_BYTES = 1_000_000;

async function readContextFile(cwd: string, path: string): Promise<{ name: string; text: string }> {
  const full = resolve(cwd, path);
  let size: number;
  try {
    size = (await stat(full)).size;
  } catch (cause) {
    throw new AppError(
      'E_NOT_FOUND',
      `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not readable'}.`,
      {
        cause,
      },
    );
  }
  if (size > MAX_FILE_BYTES) throw new AppError('E_PAYLOAD_TOO_LARGE', `${path} is ${size} bytes; --file takes at most ${MAX_FILE_BYTES}.`);
  return { name: relative(cwd, full) || path, text: await readFile(full, 'utf8') };
}

/** Build the experts command handlers for this process. */
export function createExpertsCliHandlers(proc: ProcessInfo): ExpertsCliHandlers {
  const userId = () => `local:${userInfo().username}`;
  return {
    ask: (ctx, input, options) =>
      withRuntime(proc, ctx, async (runtime) => {
        const files = await Promise.all(options.files.map((f) => readContextFile(proc.cwd, f)));
        const snippets = [...(input.context?.snippets ?? []), ...files];
        // Ctrl-C cancels the outstanding calls; the answers already in are still shown and saved.
        const controller = new AbortController();
        const onSigint = () => controller.abort();
        process.once('SIGINT', onSigint);
        try {
          return await runtime.services.experts.consult(
            { ...input, context: { ...input.context, snippets } },
            {
              userId: userId(),
              signal: controller.signal,
              stream: options.stream,
              ...(options.onProgress ? { onProgress: options.onProgress } : {}),
            },
          );
        } finally {
          process.off('SIGINT', onSigint);
        }
      }),
    list: (ctx, input) => withRuntime(proc, ctx, (runtime) => runtime.services.experts.list(input)),
    health: (ctx, input) => withRuntime(proc, ctx, (runtime) => runtime.services.experts.health(input)),
    history: (ctx, input) => withRuntime(proc, ctx, (runtime) => runtime.services.experts.history(input)),
    // The local operator may rate any consult, like `experts history` shows every consult.
    feedback: (ctx, input) => withRuntime(proc, ctx, (runtime) => runtime.services.experts.feedback(input)),
    exportHistory: (ctx, input) => withRuntime(proc, ctx, (runtime) => runtime.services.experts.exportHistory(input)),
  };
}
