/**
 * Runs git with an argv array (never a shell string), a deadline, an output cap and an AbortSignal.
 * TODO(#7): switch to the safe subprocess wrapper of src/security once it lands.
 */
import { spawn } from 'node:child_process';
import { AppError } from '../../core/errors.js';

/** Options of one git invocation. */
export interface RunGitOptions {
  cwd: string;
  signal?: AbortSignal;
  /** Kill git after this many ms. Default 120 000. */
  timeoutMs?: number;
  /** Fail with E_PAYLOAD_TOO_LARGE past this many bytes of stdout. Default 256 MiB. */
  maxBytes?: number;
  /** Environment of git; default: inherited. src/main may pass a cleaned one. */
  env?: Record<string, string | undefined>;
}

/** Run `git <args>` and resolve with its stdout; rejects with E_UPSTREAM on a non-zero exit, E_TIMEOUT, E_CANCELLED. */
export function runGit(args: readonly string[], options: RunGitOptions): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new AppError('E_CANCELLED', 'The scan was cancelled.'));
      return;
    }
    // Read-only: never take optional locks, so a scan cannot disturb a concurrent git command in the tree.
    const child = spawn('git', ['--no-optional-locks', '-c', 'core.quotepath=off', ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.env ? { env: options.env } : {}),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: AppError | undefined;
    const stop = (error: AppError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => stop(new AppError('E_TIMEOUT', `git ${args[0]} took longer than ${options.timeoutMs ?? 120_000} ms.`)),
      options.timeoutMs ?? 120_000,
    );
    const onAbort = () => stop(new AppError('E_CANCELLED', 'The scan was cancelled.'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) stop(new AppError('E_PAYLOAD_TOO_LARGE', `git ${args[0]} printed more than ${maxBytes} bytes.`));
      else chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (cause) => stop(new AppError('E_UNAVAILABLE', `Cannot run git: ${cause.message}`, { cause })));
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else if (code !== 0) reject(new AppError('E_UPSTREAM', `git ${args[0]} failed (exit ${code}): ${stderr.trim().slice(0, 500)}`));
      else resolve(Buffer.concat(chunks));
    });
  });
}

/** True when `dir` is inside a git work tree (and git is installed). */
export async function isGitWorkTree(dir: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const out = await runGit(['rev-parse', '--is-inside-work-tree'], { cwd: dir, timeoutMs: 10_000, ...(signal ? { signal } : {}) });
    return out.toString('utf8').trim() === 'true';
  } catch {
    return false;
  }
}
