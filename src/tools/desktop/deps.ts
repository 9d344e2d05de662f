/**
 * What the desktop operations receive: the path guard with the server's own files excluded, the shared process
 * runner, the `desktop` settings and the programs models may run.
 */
import type { DesktopConfig } from '../../core/config/desktop.js';
import type { Clock } from '../../core/deps.js';
import { AppError } from '../../core/errors.js';
import type { PathGuard } from '../../security/path-guard.js';
import type { ProcessRunner } from '../../security/process-runner.js';
import { createSessionBook, type SessionBook } from './session-book.js';

/** Inputs of `desktopToolServer`. */
export interface DesktopDeps {
  /** The shared path guard (security.files.roots); the desktop server derives its own with `protectedPaths` excluded. */
  pathGuard: PathGuard;
  /** The shared process runner (security.subprocess). */
  processes: ProcessRunner;
  settings: DesktopConfig;
  /** Real or configured paths desktop tools never touch (config, data dir, policy files); see protected-paths.ts. */
  protectedPaths: readonly string[];
  clock: Clock;
}

/** What every desktop operation closes over. */
export interface DesktopContext {
  /** The path guard with the protected paths excluded: every desktop file access goes through it. */
  files: PathGuard;
  processes: ProcessRunner;
  settings: DesktopConfig;
  sessions: SessionBook;
  /** Real paths of the programs in desktop.commands.allow. */
  commands: ReadonlySet<string>;
  clock: Clock;
}

/**
 * Derive the desktop view: the guard with protected paths excluded, the session book, and the programs of
 * desktop.commands.allow resolved through the runner's allowlist (E_CONFIG at start for one that is not in
 * security.subprocess.allow).
 */
export function createDesktopContext(deps: DesktopDeps): DesktopContext {
  const commands = new Set<string>();
  for (const name of deps.settings.commands.allow) {
    try {
      commands.add(deps.processes.allowlist.get(name).realPath);
    } catch (e) {
      throw new AppError('E_CONFIG', `desktop.commands.allow: "${name}" must also be in security.subprocess.allow.`, { cause: e });
    }
  }
  return {
    files: deps.pathGuard.excluding(deps.protectedPaths),
    processes: deps.processes,
    settings: deps.settings,
    sessions: createSessionBook(deps.processes, deps.clock),
    commands,
    clock: deps.clock,
  };
}
