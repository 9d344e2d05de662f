/**
 * The safe subprocess runner: allowlisted programs only, argv arrays only (no shell), operands guarded against flag
 * injection, a scrubbed environment, a working directory inside the file roots, a timeout that kills the whole
 * process group, capped output, and exit code and signal reported. `start` runs long-lived sessions.
 */
import type { Clock, Ids } from '../core/deps.js';
import { systemClock, systemIds } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import {
  buildArgv,
  createExecutableAllowlist,
  DEFAULT_SEARCH_PATH,
  type ExecutableAllowlist,
  type ExecutableRule,
} from './executable-allowlist.js';
import type { PathGuard } from './path-guard.js';
import { createProcessSession, type ProcessSession } from './process-session.js';
import { type ExitInfo, type Spawned, spawnInGroup } from './process-spawn.js';
import { redactString } from './redact.js';
import { buildChildEnv, DEFAULT_INHERITED_ENV } from './subprocess-env.js';

export interface ProcessRunnerOptions {
  /** Allowed programs (names resolved in `searchPath`, or absolute paths). */
  allow: ReadonlyArray<string | ExecutableRule>;
  /** Working directories must be inside its roots. */
  pathGuard: PathGuard;
  /** Directories searched for allowlisted names, and the child's PATH. */
  searchPath?: readonly string[];
  /** The parent's environment to copy `inheritEnv` names from (src/main passes process.env). Default: none. */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  inheritEnv?: readonly string[];
  /** Default limit of one `run`, in ms. Default 60 000. */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL, in ms. Default 2 000. */
  killGraceMs?: number;
  /** Default cap of stdout and of stderr, each, in bytes. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Session defaults: buffer bytes, whole-session and idle limits, and how many may run at once. */
  sessions?: { bufferBytes?: number; timeoutMs?: number; idleTimeoutMs?: number; max?: number };
  clock?: Clock;
  ids?: Ids;
}

/** One program invocation. */
export interface RunSpec {
  /** An allowlisted name or path. */
  command: string;
  /** Options and subcommands written by code (trusted). Never put user input here except as `--flag=value`. */
  args?: readonly string[];
  /** Positional values that may come from users: `--` is inserted before them, or ones starting with `-` are refused. */
  operands?: readonly string[];
  /** Working directory inside the file roots. Default: the first root. */
  cwd?: string;
  /** Extra environment variables (names that load code, like LD_PRELOAD, are refused). */
  env?: Readonly<Record<string, string>>;
  /** Data for stdin; without it stdin is /dev/null. */
  stdin?: string | Uint8Array;
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** What to do when output passes the cap: keep draining and mark it truncated (default), or kill the program. */
  onOutputLimit?: 'truncate' | 'kill';
  signal?: AbortSignal;
}

/** How a run ended. A non-zero exit is reported, not thrown; see `assertSuccess`. */
export interface RunResult extends ExitInfo {
  /** The executed program's absolute path. */
  command: string;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** True when the runner killed the program for exceeding its time limit. */
  timedOut: boolean;
  durationMs: number;
}

/** Options of a long-running session. */
export interface SessionSpec extends Omit<RunSpec, 'stdin' | 'maxOutputBytes' | 'onOutputLimit' | 'signal'> {
  /** Keep stdin open for `session.write`. Default false. */
  stdin?: boolean;
  /** Output buffered for reads; older output is dropped first. */
  bufferBytes?: number;
  /** Kill after this long without a read or write; 0 = never. */
  idleTimeoutMs?: number;
}

/** Runs allowlisted programs. */
export interface ProcessRunner {
  readonly allowlist: ExecutableAllowlist;
  /**
   * Run to completion and collect output.
   * @example const r = await runner.run({ command: 'git', args: ['log', '-n', '5', '--format=%H'], operands: [ref], cwd: repo })
   */
  run(spec: RunSpec): Promise<RunResult>;
  /**
   * Start a session whose output is read incrementally.
   * @example const s = await runner.start({ command: 'node', args: ['server.js'] }); const out = await s.read({ waitMs: 500 })
   */
  start(spec: SessionSpec): Promise<ProcessSession>;
  session(id: string): ProcessSession | undefined;
  sessions(): ProcessSession[];
  /** Forget an exited session, or kill and forget a running one. */
  dispose(id: string): Promise<void>;
  /** Kill every running child (runs and sessions), e.g. at shutdown. */
  close(): Promise<void>;
}

/**
 * Build the runner. The allowlist is resolved here, so an unknown program fails at start with E_CONFIG.
 * @example const runner = createProcessRunner({ allow: ['git'], pathGuard, baseEnv: process.env })
 */
export function createProcessRunner(options: ProcessRunnerOptions): ProcessRunner {
  const searchPath = options.searchPath ?? DEFAULT_SEARCH_PATH;
  const allowlist = createExecutableAllowlist(options.allow, searchPath);
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? systemIds;
  const killGraceMs = options.killGraceMs ?? 2_000;
  const live = new Set<Spawned>();
  const sessions = new Map<string, ProcessSession>();
  const sessionDefaults = { bufferBytes: 1024 * 1024, timeoutMs: 3_600_000, idleTimeoutMs: 600_000, max: 16, ...options.sessions };

  async function prepare(spec: RunSpec | SessionSpec, stdin: boolean) {
    const program = allowlist.get(spec.command);
    const argv = buildArgv(program, spec.args ?? [], spec.operands ?? []);
    const env = buildChildEnv({
      base: options.baseEnv ?? {},
      inherit: options.inheritEnv ?? DEFAULT_INHERITED_ENV,
      searchPath,
      ...(spec.env ? { extra: spec.env } : {}),
    });
    const cwd = await options.pathGuard.resolve(spec.cwd ?? options.pathGuard.roots[0]!);
    if (!(await options.pathGuard.stat(cwd)).isDirectory())
      throw new AppError('E_VALIDATION', `Working directory "${spec.cwd}" is not a directory.`);
    const spawned = await spawnInGroup({ file: program.path, argv, cwd, env, stdin: stdin ? 'pipe' : 'ignore' });
    live.add(spawned);
    void spawned.closed.finally(() => live.delete(spawned));
    return { program, spawned };
  }

  async function run(spec: RunSpec): Promise<RunResult> {
    if (spec.signal?.aborted) throw cancelled(spec.command);
    const started = clock.monotonic();
    const { program, spawned } = await prepare(spec, spec.stdin !== undefined);
    const cap = spec.maxOutputBytes ?? options.maxOutputBytes ?? 1024 * 1024;
    const out = collector(cap);
    const err = collector(cap);
    const onLimit = () => {
      if (spec.onOutputLimit === 'kill') spawned.terminate(killGraceMs);
    };
    spawned.child.stdout!.on('data', (d: Buffer) => out.add(d) || onLimit());
    spawned.child.stderr!.on('data', (d: Buffer) => err.add(d) || onLimit());
    if (spec.stdin !== undefined) {
      spawned.child.stdin!.on('error', () => undefined); // EPIPE when the program does not read its input
      spawned.child.stdin!.end(spec.stdin);
    }
    let timedOut = false;
    const timeoutMs = spec.timeoutMs ?? options.timeoutMs ?? 60_000;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            spawned.terminate(killGraceMs);
          }, timeoutMs)
        : undefined;
    const onAbort = () => spawned.terminate(killGraceMs);
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const exit = await spawned.closed;
      if (spec.signal?.aborted) throw cancelled(spec.command);
      return {
        command: program.path,
        ...exit,
        stdout: out.text(),
        stderr: err.text(),
        stdoutTruncated: out.truncated,
        stderrTruncated: err.truncated,
        timedOut,
        durationMs: Math.max(0, clock.monotonic() - started),
      };
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
    }
  }

  async function start(spec: SessionSpec): Promise<ProcessSession> {
    if (sessions.size >= sessionDefaults.max) {
      for (const [id, s] of sessions) if (s.exit) sessions.delete(id);
      if (sessions.size >= sessionDefaults.max) {
        throw new AppError('E_BULKHEAD_FULL', `At most ${sessionDefaults.max} process sessions may be open; dispose of one first.`, {
          retryable: false,
        });
      }
    }
    const { program, spawned } = await prepare(spec, spec.stdin === true);
    const session = createProcessSession(spawned, {
      id: ids.uuid(),
      command: program.path,
      bufferBytes: spec.bufferBytes ?? sessionDefaults.bufferBytes,
      timeoutMs: spec.timeoutMs ?? sessionDefaults.timeoutMs,
      idleTimeoutMs: spec.idleTimeoutMs ?? sessionDefaults.idleTimeoutMs,
      killGraceMs,
    });
    sessions.set(session.id, session);
    return session;
  }

  return {
    allowlist,
    run,
    start,
    session: (id) => sessions.get(id),
    sessions: () => [...sessions.values()],
    async dispose(id) {
      const s = sessions.get(id);
      sessions.delete(id);
      if (s && !s.exit) await s.kill();
    },
    async close() {
      const all = [...live];
      for (const s of all) s.terminate(killGraceMs);
      await Promise.all(all.map((s) => s.closed.catch(() => undefined)));
      sessions.clear();
    },
  };
}

/**
 * Throw unless the run exited 0: E_TIMEOUT when it was killed for time, E_UPSTREAM otherwise, with the redacted tail
 * of stderr in the message.
 * @example const { stdout } = assertSuccess(await runner.run({ command: 'git', args: ['status'] }))
 */
export function assertSuccess(result: RunResult): RunResult {
  if (result.timedOut) {
    throw new AppError('E_TIMEOUT', `${result.command} did not finish in time and was killed.`, { retryable: false });
  }
  if (result.exitCode === 0) return result;
  const how = result.signal ? `was killed by ${result.signal}` : `exited with status ${result.exitCode}`;
  const tail = redactString(result.stderr.trim().slice(-500));
  throw new AppError('E_UPSTREAM', `${result.command} ${how}${tail ? `: ${tail}` : '.'}`, {
    retryable: false,
    details: { exitCode: result.exitCode, signal: result.signal },
  });
}

function cancelled(command: string): AppError {
  return new AppError('E_CANCELLED', `Running ${command} was cancelled.`);
}

/** Collects up to `cap` bytes; `add` returns false once the cap is passed. */
function collector(cap: number) {
  const parts: Buffer[] = [];
  let size = 0;
  let truncated = false;
  return {
    add(d: Buffer): boolean {
      if (truncated) return true;
      const room = cap - size;
      if (d.length <= room) {
        parts.push(d);
        size += d.length;
        return true;
      }
      if (room > 0) parts.push(d.subarray(0, room));
      size = cap;
      truncated = true;
      return false;
    },
    text: () => Buffer.concat(parts).toString('utf8'),
    get truncated() {
      return truncated;
    },
  };
}
