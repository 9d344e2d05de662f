/**
 * A long-running child process whose output is read incrementally (the desktop tool server's terminal sessions):
 * output lands in a bounded buffer addressed by byte cursors, so a client polls "everything after N" and learns
 * how much it missed when the buffer wrapped.
 */
import { AppError } from '../core/errors.js';
import type { ExitInfo, Spawned } from './process-spawn.js';

/** One piece of output. */
export interface OutputChunk {
  stream: 'stdout' | 'stderr';
  text: string;
  /** Cursor of the chunk's first byte. */
  offset: number;
}

/** The answer of `read`. */
export interface SessionOutput {
  chunks: OutputChunk[];
  /** Pass this as `cursor` to the next read. */
  cursor: number;
  /** Bytes between the requested cursor and the oldest byte still buffered (lost to the buffer limit). */
  droppedBytes: number;
  /** True once the process has exited and everything buffered has been read. */
  done: boolean;
  exit: ExitInfo | undefined;
  timedOut: boolean;
}

export interface ReadOptions {
  /** Read output after this cursor. Default: where the previous read ended. */
  cursor?: number;
  /** Most bytes returned by one read. Default 64 KiB. */
  maxBytes?: number;
  /** Wait up to this long for new output when there is none yet (long poll). Default 0. */
  waitMs?: number;
}

/** A running (or finished) process with incremental output. */
export interface ProcessSession {
  readonly id: string;
  readonly pid: number;
  /** The allowlisted program's path. */
  readonly command: string;
  readonly exit: ExitInfo | undefined;
  read(options?: ReadOptions): Promise<SessionOutput>;
  /** Write to stdin (sessions started with `stdin: true`). */
  write(data: string | Uint8Array): Promise<void>;
  closeStdin(): void;
  /** Terminate the process group (SIGTERM, then SIGKILL after the grace period); resolves when it has exited. */
  kill(): Promise<ExitInfo>;
  /** Resolves when the process has exited. */
  wait(): Promise<ExitInfo>;
}

export interface SessionLimits {
  id: string;
  command: string;
  /** Bytes of output kept; older output is dropped first. */
  bufferBytes: number;
  /** Whole-session limit; 0 = none. */
  timeoutMs: number;
  /** Kill when nobody read or wrote for this long; 0 = never. */
  idleTimeoutMs: number;
  killGraceMs: number;
}

/** Wrap a spawned process as a session. Used by the process runner's `start`. */
export function createProcessSession(spawned: Spawned, limits: SessionLimits): ProcessSession {
  const chunks: Array<{ stream: OutputChunk['stream']; data: Buffer; offset: number }> = [];
  let buffered = 0;
  let written = 0;
  let lastCursor = 0;
  let exit: ExitInfo | undefined;
  let timedOut = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
    waiters.clear();
  };

  const append = (stream: OutputChunk['stream'], data: Buffer) => {
    chunks.push({ stream, data, offset: written });
    written += data.length;
    buffered += data.length;
    while (buffered > limits.bufferBytes) {
      const first = chunks[0]!;
      const excess = buffered - limits.bufferBytes;
      if (first.data.length <= excess) {
        chunks.shift();
        buffered -= first.data.length;
      } else {
        // Keep the newest bytes of an oversized chunk.
        first.data = first.data.subarray(excess);
        first.offset += excess;
        buffered -= excess;
      }
    }
    wake();
  };
  // EPIPE when the program exits without reading its input: `write` reports it to its caller; never an uncaught error.
  spawned.child.stdin?.on('error', () => undefined);
  spawned.child.stdout?.on('data', (d: Buffer) => append('stdout', d));
  spawned.child.stderr?.on('data', (d: Buffer) => append('stderr', d));

  const timers: NodeJS.Timeout[] = [];
  const stop = (why: 'timeout' | 'idle') => {
    timedOut = why === 'timeout' || timedOut;
    spawned.terminate(limits.killGraceMs);
  };
  if (limits.timeoutMs > 0) timers.push(setTimeout(() => stop('timeout'), limits.timeoutMs).unref());
  let idleTimer: NodeJS.Timeout | undefined;
  const touch = () => {
    if (limits.idleTimeoutMs <= 0 || exit) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => stop('idle'), limits.idleTimeoutMs).unref();
  };
  touch();
  void spawned.closed.then((info) => {
    exit = info;
    for (const t of timers) clearTimeout(t);
    clearTimeout(idleTimer);
    wake();
  });

  const collect = (cursor: number, maxBytes: number): SessionOutput => {
    const oldest = chunks[0]?.offset ?? written;
    const from = Math.max(cursor, oldest);
    const out: OutputChunk[] = [];
    let budget = maxBytes;
    let next = from;
    for (const c of chunks) {
      const bytes = c.data;
      const end = c.offset + bytes.length;
      if (end <= next) continue;
      if (budget <= 0) break;
      const start = next - c.offset;
      const take = bytes.subarray(start, start + budget);
      out.push({ stream: c.stream, text: take.toString('utf8'), offset: next });
      next += take.length;
      budget -= take.length;
    }
    lastCursor = next;
    return {
      chunks: out,
      cursor: next,
      droppedBytes: Math.max(0, oldest - cursor),
      done: exit !== undefined && next >= written,
      exit,
      timedOut,
    };
  };

  return {
    id: limits.id,
    pid: spawned.pid,
    command: limits.command,
    get exit() {
      return exit;
    },
    async read(options = {}) {
      touch();
      const cursor = options.cursor ?? lastCursor;
      const maxBytes = options.maxBytes ?? 64 * 1024;
      if (cursor >= written && exit === undefined && (options.waitMs ?? 0) > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.waitMs);
          waiters.add(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return collect(cursor, maxBytes);
    },
    async write(data) {
      touch();
      const stdin = spawned.child.stdin;
      if (!stdin || stdin.destroyed || exit) throw new AppError('E_CONFLICT', `Session ${limits.id} does not accept input.`);
      await new Promise<void>((resolve, reject) => stdin.write(data, (e) => (e ? reject(e) : resolve())));
    },
    closeStdin() {
      spawned.child.stdin?.end();
    },
    kill() {
      spawned.terminate(limits.killGraceMs);
      return spawned.closed;
    },
    wait: () => spawned.closed,
  };
}
