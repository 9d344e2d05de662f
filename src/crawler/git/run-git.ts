/**
 * Runs git for a scan through the safe subprocess runner of src/security: allowlisted `git` only, argv arrays
 * (never a shell string), a working directory confined to the scan root, a scrubbed environment, deadlines,
 * capped output and cancellation.
 */
import { AppError } from '../../core/errors.js';
import { createPathGuard } from '../../security/path-guard.js';
import { createProcessRunner } from '../../security/process-runner.js';

/** Options of one git invocation. */
export interface GitRunOptions {
  signal?: AbortSignal;
  /** Kill git after this many ms. Default 120 000. */
  timeoutMs?: number;
  /** Fail with E_PAYLOAD_TOO_LARGE past this many bytes of stdout. Default 256 MiB. */
  maxBytes?: number;
}

/** Runs git commands in one scan root. */
export interface Git {
  /** stdout of `git <args>`; rejects with E_UPSTREAM on a non-zero exit, E_TIMEOUT, E_CANCELLED, E_PAYLOAD_TOO_LARGE. */
  run(args: readonly string[], options?: GitRunOptions): Promise<string>;
  /** True when the root is inside a git work tree (and git is installed). */
  isWorkTree(signal?: AbortSignal): Promise<boolean>;
}

/** Options of `createGit`. */
export interface CreateGitOptions {
  /** The parent environment to copy HOME, LANG … from (so the global excludes file is found). src/main passes process.env. */
  baseEnv?: Readonly<Record<string, string | undefined>>;
}

/** A git runner confined to `root`. */
export function createGit(root: string, options: CreateGitOptions = {}): Git {
  let runner: ReturnType<typeof createProcessRunner> | undefined;
  const get = () => {
    runner ??= createProcessRunner({
      allow: ['git'],
      pathGuard: createPathGuard({ roots: [root] }),
      ...(options.baseEnv ? { baseEnv: options.baseEnv } : {}),
    });
    return runner;
  };
  const run: Git['run'] = async (args, opts = {}) => {
    if (opts.signal?.aborted) throw new AppError('E_CANCELLED', 'The scan was cancelled.');
    const maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
    let result: Awaited<ReturnType<ReturnType<typeof createProcessRunner>['run']>>;
    try {
      result = await get().run({
        command: 'git',
        // Read-only: never take optional locks, so a scan cannot disturb a concurrent git command in the tree.
        args: ['--no-optional-locks', '-c', 'core.quotepath=off', ...args],
        cwd: root,
        env: { GIT_TERMINAL_PROMPT: '0' },
        timeoutMs: opts.timeoutMs ?? 120_000,
        maxOutputBytes: maxBytes,
        onOutputLimit: 'kill',
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (e) {
      if (opts.signal?.aborted) throw new AppError('E_CANCELLED', 'The scan was cancelled.', { cause: e });
      throw e;
    }
    if (result.stdoutTruncated) throw new AppError('E_PAYLOAD_TOO_LARGE', `git ${args[0]} printed more than ${maxBytes} bytes.`);
    if (result.timedOut) throw new AppError('E_TIMEOUT', `git ${args[0]} took longer than ${opts.timeoutMs ?? 120_000} ms.`);
    if (result.exitCode !== 0)
      throw new AppError('E_UPSTREAM', `git ${args[0]} failed (exit ${result.exitCode}): ${result.stderr.trim().slice(0, 500)}`);
    return result.stdout;
  };
  return {
    run,
    async isWorkTree(signal) {
      try {
        return (await run(['rev-parse', '--is-inside-work-tree'], { timeoutMs: 10_000, ...(signal ? { signal } : {}) })).trim() === 'true';
      } catch {
        return false;
      }
    },
  };
}
