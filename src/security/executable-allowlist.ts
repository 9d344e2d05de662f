/**
 * The subprocess allowlist: program names or absolute paths resolved once, at start, to absolute paths in a fixed
 * search path (never the caller's PATH), and the argv rules that keep untrusted operands from becoming options.
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { AppError } from '../core/errors.js';

/** One allowed program. */
export interface ExecutableRule {
  /** A name looked up in the search path (`git`) or an absolute path (`/usr/bin/git`). */
  command: string;
  /**
   * Does the program honour `--` as "end of options"? Then `--` is inserted before operands and operands may start
   * with `-`. Otherwise operands starting with `-` are refused. Default: true, except for a few known programs.
   */
  endOfOptions?: boolean;
}

/** A rule resolved to the file that will be executed. */
export interface ResolvedExecutable {
  /** As configured. */
  command: string;
  /** Absolute path that is executed (kept unresolved so multi-call binaries see their name in argv[0]). */
  path: string;
  /** Real path, used to match absolute commands given at run time. */
  realPath: string;
  endOfOptions: boolean;
}

/** Default search path for allowlisted names: system directories only, never the inherited PATH. */
export const DEFAULT_SEARCH_PATH: readonly string[] = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Programs that print or mis-handle `--` instead of treating it as the end of options. */
const NO_END_OF_OPTIONS = new Set(['echo', 'true', 'false', 'test', '[', 'printf']);

/** Shells and launchers turn an argument into a program to run; allowlisting one would undo the whole guard. */
const SHELLS = new Set([
  ...['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'csh', 'tcsh', 'fish', 'ash', 'busybox', 'pwsh', 'cmd.exe'],
  ...['env', 'xargs', 'timeout', 'nice', 'nohup', 'sudo', 'su', 'doas', 'setsid', 'stdbuf', 'chroot', 'unshare', 'script'],
]);

/** The set of allowed programs. */
export interface ExecutableAllowlist {
  readonly entries: readonly ResolvedExecutable[];
  /** The allowed program for `command` (a configured name, its path, or any path to the same file); else E_FORBIDDEN. */
  get(command: string): ResolvedExecutable;
}

/**
 * Resolve every rule now. Unknown names and shells fail with E_CONFIG, so a typo shows at start, not at the first call.
 * @example const allow = createExecutableAllowlist(['git', { command: '/usr/bin/kubectl' }])
 */
export function createExecutableAllowlist(
  rules: ReadonlyArray<string | ExecutableRule>,
  searchPath: readonly string[] = DEFAULT_SEARCH_PATH,
): ExecutableAllowlist {
  const entries = rules.map((rule) => resolveRule(typeof rule === 'string' ? { command: rule } : rule, searchPath));
  const byKey = new Map<string, ResolvedExecutable>();
  for (const e of entries) for (const key of [e.command, e.path, e.realPath]) if (!byKey.has(key)) byKey.set(key, e);
  return {
    entries,
    get(command) {
      if (typeof command !== 'string' || command.length === 0 || command.includes('\0')) {
        throw new AppError('E_VALIDATION', 'A program must be a non-empty string without NUL bytes.');
      }
      const direct = byKey.get(command);
      if (direct) return direct;
      if (isAbsolute(command)) {
        const real = tryRealpath(command);
        const match = real === undefined ? undefined : entries.find((e) => e.realPath === real);
        if (match) return match;
      }
      const known = entries.map((e) => e.command).join(', ') || '(none)';
      throw new AppError('E_FORBIDDEN', `Program "${command}" is not on the allowlist (security.subprocess.allow). Allowed: ${known}.`, {
        details: { reason: 'not-allowlisted' },
      });
    },
  };
}

function resolveRule(rule: ExecutableRule, searchPath: readonly string[]): ResolvedExecutable {
  const name = basename(rule.command);
  if (SHELLS.has(name)) {
    throw new AppError('E_CONFIG', `security.subprocess.allow: "${rule.command}" is a shell or launcher and cannot be allowlisted.`);
  }
  const candidates = isAbsolute(rule.command)
    ? [rule.command]
    : rule.command.includes('/')
      ? []
      : searchPath.map((d) => join(d, rule.command));
  const path = candidates.find(isExecutableFile);
  if (!path) {
    const where = isAbsolute(rule.command) ? '' : ` in ${searchPath.join(':')}`;
    throw new AppError('E_CONFIG', `security.subprocess.allow: no executable "${rule.command}"${where}. Use a name or an absolute path.`);
  }
  const realPath = realpathSync(path);
  if (SHELLS.has(basename(realPath))) {
    throw new AppError(
      'E_CONFIG',
      `security.subprocess.allow: "${rule.command}" resolves to a shell (${realPath}) and cannot be allowlisted.`,
    );
  }
  return { command: rule.command, path, realPath, endOfOptions: rule.endOfOptions ?? !NO_END_OF_OPTIONS.has(name) };
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function tryRealpath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Build argv: trusted `args` (options written by code) then untrusted `operands`. With `--` support, `--` separates
 * them; without it an operand starting with `-` is refused (E_VALIDATION) rather than becoming an option.
 * @example buildArgv(git, ['log', '--oneline'], [userRef]) // ['log', '--oneline', '--', userRef]
 */
export function buildArgv(program: ResolvedExecutable, args: readonly string[], operands: readonly string[]): string[] {
  for (const a of [...args, ...operands]) {
    if (typeof a !== 'string') throw new AppError('E_VALIDATION', 'Every argument must be a string.');
    if (a.includes('\0')) throw new AppError('E_VALIDATION', 'Arguments must not contain NUL bytes.');
  }
  if (operands.length === 0) return [...args];
  if (program.endOfOptions) return [...args, '--', ...operands];
  const flagLike = operands.find((o) => o.startsWith('-'));
  if (flagLike !== undefined) {
    throw new AppError(
      'E_VALIDATION',
      `Operand "${flagLike.slice(0, 80)}" starts with "-" and would be read as an option by ${basename(program.path)}.`,
      { details: { reason: 'flag-injection' } },
    );
  }
  return [...args, ...operands];
}
