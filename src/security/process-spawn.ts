/**
 * The one place that starts child processes: `spawn` with an argv array (never a shell), in a new process group so
 * a timeout or cancel kills the program and everything it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { AppError } from '../core/errors.js';

/** How a child ended. */
export interface ExitInfo {
  /** Exit status, or null when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended it, or null. */
  signal: NodeJS.Signals | null;
}

/** What to start: everything already checked by the runner. */
export interface SpawnPlan {
  file: string;
  argv: readonly string[];
  cwd: string;
  env: Record<string, string>;
  /** 'pipe' to write stdin; 'ignore' reads /dev/null so programs never wait for a terminal. */
  stdin: 'pipe' | 'ignore';
  /** Kill whatever the program left running in its group once it exits. Default true. */
  killGroupOnExit?: boolean;
}

/** A started child in its own process group. */
export interface Spawned {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Settles when the process has exited and its output pipes are closed; rejects if it could not start. */
  readonly closed: Promise<ExitInfo>;
  /** Signal the whole process group (ignored once it is gone). */
  signalGroup(signal: NodeJS.Signals): void;
  /** SIGTERM the group, then SIGKILL after `graceMs` unless it has closed. */
  terminate(graceMs: number): void;
}

/**
 * Start `plan` detached into a new process group (POSIX setsid), stdout/stderr piped.
 * Throws E_UNAVAILABLE when the program cannot be started.
 */
export async function spawnInGroup(plan: SpawnPlan): Promise<Spawned> {
  const child = spawn(plan.file, [...plan.argv], {
    cwd: plan.cwd,
    env: plan.env,
    shell: false,
    detached: true,
    windowsHide: true,
    stdio: [plan.stdin, 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) =>
      reject(
        new AppError('E_UNAVAILABLE', `Program ${plan.file} could not be started (${(e as { code?: string }).code ?? 'error'}).`, {
          cause: e,
        }),
      ),
    );
  });
  const pid = child.pid!;
  let done = false;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  const closed = new Promise<ExitInfo>((resolve) => {
    child.once('exit', () => {
      if (plan.killGroupOnExit !== false) signalGroup('SIGKILL');
    });
    child.once('close', (exitCode, signal) => {
      done = true;
      resolve({ exitCode, signal });
    });
  });
  let killTimer: NodeJS.Timeout | undefined;
  void closed.then(() => clearTimeout(killTimer));
  return {
    child,
    pid,
    closed,
    signalGroup,
    terminate(graceMs) {
      if (done) return;
      signalGroup('SIGTERM');
      if (killTimer === undefined) {
        killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
        killTimer.unref();
      }
    },
  };
}
