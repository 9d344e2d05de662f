/**
 * What the host operations of the `system` server (`system_info`, `system_disk_usage`, …) receive, and the
 * small file and platform helpers they share.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SystemConfig } from '../../core/config/system.js';
import type { Clock } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import { sleep, systemTimers, type Timers } from '../../resilience/timers.js';
import type { ProcessRunner } from '../../security/process-runner.js';

/** Inputs of `systemHostOps`. */
export interface SystemHostDeps {
  settings: SystemConfig;
  /** The shared safe process runner (`systemctl`, and `reg`/`sc` on Windows, when allowlisted). */
  processes: ProcessRunner;
  clock: Clock;
  /** For the CPU sampling interval. Default: Node's timers. */
  timers?: Timers;
  /** Default: the running platform. Tests set it to check the platform gates. */
  platform?: NodeJS.Platform;
  /** The directory whose existence means systemd is the init system (sd_booted(3)). Default /run/systemd/system. */
  systemdMarker?: string;
  /** Where passwd and os-release are read. Default /etc. */
  etcRoot?: string;
}

/** The resolved context every host operation closes over. */
export interface HostContext {
  settings: SystemConfig;
  processes: ProcessRunner;
  clock: Clock;
  platform: NodeJS.Platform;
  systemdMarker: string;
  /** Read a file under procRoot (`proc('meminfo')`); undefined when it does not exist or cannot be read. */
  proc(path: string): Promise<string | undefined>;
  /** Read a file under sysRoot; undefined when absent. */
  sys(path: string): Promise<string | undefined>;
  /** Read a file under the etc root; undefined when absent. */
  etc(path: string): Promise<string | undefined>;
  /** Wait `ms` on the injected timers (CPU sampling), or until `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/** Read a text file, or undefined when it is missing or unreadable (proc files vanish as processes exit). */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Build the context from the deps. */
export function hostContext(deps: SystemHostDeps): HostContext {
  const timers = deps.timers ?? systemTimers;
  const etcRoot = deps.etcRoot ?? '/etc';
  return {
    settings: deps.settings,
    processes: deps.processes,
    clock: deps.clock,
    platform: deps.platform ?? process.platform,
    systemdMarker: deps.systemdMarker ?? '/run/systemd/system',
    proc: (path) => readOptional(join(deps.settings.procRoot, path)),
    sys: (path) => readOptional(join(deps.settings.sysRoot, path)),
    etc: (path) => readOptional(join(etcRoot, path)),
    wait: (ms, signal) => sleep(ms, { timers, signal }),
  };
}

/** E_UNSUPPORTED for a tool that needs something this host does not have; says what, never pretends. */
export function unsupported(tool: string, why: string): AppError {
  return new AppError('E_UNSUPPORTED', `${tool} is not supported here: ${why}.`, { details: { reason: 'platform' } });
}

/** Throw E_UNSUPPORTED unless the proc filesystem is readable at procRoot (Linux). */
export async function requireProc(ctx: HostContext, tool: string): Promise<void> {
  if ((await ctx.proc('stat')) === undefined) {
    throw unsupported(
      tool,
      `it reads the Linux proc filesystem, and ${ctx.settings.procRoot}/stat is not readable on this ${ctx.platform} host`,
    );
  }
}
