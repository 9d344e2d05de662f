/**
 * Checks desktop_execute_command makes before a program starts, on top of the process runner's allowlist, argv-only
 * spawning and scrubbed environment: a command that is one program name, no shell syntax in arguments (nothing would
 * interpret it; refusing tells the model so), no option that makes a well-known program run other programs, and no
 * argument naming a path outside the roots or a protected path.
 */
import { basename } from 'node:path';
import { AppError, isAppError } from '../../core/errors.js';
import type { PathGuard } from '../../security/path-guard.js';

/**
 * Shell syntax: separators, pipes, background, substitution, expansion, redirection and line breaks. With no shell
 * these would reach the program as literal text; an argument that contains them is a model expecting a shell.
 */
const SHELL_SYNTAX: ReadonlyArray<[RegExp, string]> = [
  [/[\n\r]/, 'a line break'],
  [/;/, '";"'],
  [/\|/, '"|"'],
  [/&/, '"&"'],
  [/`/, 'a backtick'],
  [/\$[({]/, '"$(" or "${"'],
  [/\$[A-Za-z_0-9?!@*#$-]/, 'a "$" variable'],
  [/[<>]\(/, 'process substitution'],
  [/^\d*[<>]/, 'a redirection'],
];

/** Options that make these programs run another program or write arbitrary files (published bypasses). */
const EXEC_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  find: ['-exec', '-execdir', '-ok', '-okdir', '-fprint', '-fprint0', '-fprintf', '-fls', '-delete'],
  git: ['-c', '--config-env', '--exec-path', '--upload-pack', '--receive-pack', '--extcmd'],
  rg: ['--pre', '--pre-glob'],
  tar: [
    '--to-command',
    '--use-compress-program',
    '-I',
    '--checkpoint-action',
    '--info-script',
    '--new-volume-script',
    '-F',
    '--rsh-command',
    '--rmt-command',
  ],
  rsync: ['-e', '--rsh', '--rsync-path'],
  ssh: ['-o', '-F', '-S'],
  scp: ['-o', '-F', '-S'],
  zip: ['-TT', '--unzip-command'],
};

/** Subcommands (or subcommand + option) that run commands given as arguments. */
const EXEC_SUBCOMMANDS: Readonly<Record<string, ReadonlyArray<readonly string[]>>> = {
  git: [
    ['filter-branch'],
    ['submodule', 'foreach'],
    ['bisect', 'run'],
    ['rebase', '-x'],
    ['rebase', '--exec'],
    ['difftool', '-x'],
    ['clone', '-u'],
    ['ls-remote', '-u'],
    ['archive', '--exec'],
    ['instaweb'],
  ],
};

/**
 * Options always put first for these programs: GNU sed's `--sandbox` turns off its `e` (execute), `r` and `w`
 * commands, which no option check can see inside a script.
 */
const FORCED_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  sed: ['--sandbox'],
};

/** Options put in front of the caller's arguments for this program (empty for most). */
export function forcedOptions(programPaths: readonly string[]): string[] {
  for (const p of programPaths) {
    const forced = FORCED_OPTIONS[basename(p)];
    if (forced) return [...forced];
  }
  return [];
}

/**
 * The command is one program name or path: no spaces (arguments go in `args`) and no shell syntax.
 * @example assertProgramName('git') // ok; assertProgramName('git status') throws E_VALIDATION
 */
export function assertProgramName(command: string): void {
  if (/\s/.test(command) || findShellSyntax(command) || /["'*?[\]{}~\\]/.test(command)) {
    throw new AppError(
      'E_VALIDATION',
      `"${shorten(command)}" is not a program name. desktop_execute_command runs no shell: give one program in "command" and each argument as its own entry in "args".`,
      { details: { reason: 'not-a-program-name' } },
    );
  }
}

/** The first kind of shell syntax in `value`, or undefined. */
export function findShellSyntax(value: string): string | undefined {
  for (const [re, what] of SHELL_SYNTAX) if (re.test(value)) return what;
  return undefined;
}

/** Refuse arguments with shell syntax (E_VALIDATION, reason `shell-syntax`). */
export function assertNoShellSyntax(args: readonly string[]): void {
  for (const arg of args) {
    const what = findShellSyntax(arg);
    if (what) {
      throw new AppError(
        'E_VALIDATION',
        `Argument "${shorten(arg)}" contains ${what}. No shell runs here, so it would reach the program as literal text: pass each argument separately and run one program per call.`,
        { details: { reason: 'shell-syntax' } },
      );
    }
  }
}

/** Refuse options of well-known programs that run other programs (E_FORBIDDEN, reason `exec-option`). */
export function assertNoExecOptions(programPaths: readonly string[], args: readonly string[]): void {
  const names = new Set(programPaths.map((p) => basename(p)));
  for (const name of names) {
    for (const option of EXEC_OPTIONS[name] ?? []) {
      const hit = args.find((a) => isOption(a, option));
      if (hit !== undefined) throw execRefused(name, hit);
    }
    for (const words of EXEC_SUBCOMMANDS[name] ?? []) {
      const [sub, ...rest] = words;
      if (!args.includes(sub!)) continue;
      const after = args.slice(args.indexOf(sub!) + 1);
      if (rest.every((w) => after.some((a) => isOption(a, w)))) throw execRefused(name, words.join(' '));
    }
  }
}

/**
 * Refuse arguments that name a path outside the roots or a protected path (E_FORBIDDEN, reason `path-argument`).
 * Each argument is tried as a path relative to `cwd`, so are `--opt=VALUE` values and glued short-option values
 * (`-f/etc/passwd`); symlinks are followed, so a link made earlier to an outside file is caught too.
 */
export async function assertPathArguments(guard: PathGuard, cwd: string, args: readonly string[]): Promise<void> {
  for (const arg of args) {
    for (const candidate of pathCandidates(arg)) {
      try {
        await guard.resolve(candidate, { base: cwd });
      } catch (e) {
        if (!isAppError(e) || e.code !== 'E_FORBIDDEN') continue; // too long or otherwise not a path at all
        const reason = (e.details as { reason?: string } | undefined)?.reason;
        throw new AppError(
          'E_FORBIDDEN',
          `Argument "${shorten(arg)}" names ${reason === 'protected' ? 'a protected path' : 'a path outside the allowed file roots'}; commands may only name paths inside the roots.`,
          { details: { reason: 'path-argument' } },
        );
      }
    }
  }
}

function pathCandidates(arg: string): string[] {
  const out: string[] = [];
  if (arg.length > 0 && !arg.startsWith('-')) out.push(arg);
  const eq = arg.indexOf('=');
  if (eq >= 0 && eq < arg.length - 1) out.push(arg.slice(eq + 1));
  if (/^-[^-]./.test(arg)) out.push(arg.slice(2));
  return out;
}

/** `--opt` / `--opt=value` / (for `-X`) `-Xvalue`, or a single-dash word option exactly. */
function isOption(arg: string, option: string): boolean {
  if (arg === option) return true;
  if (option.startsWith('--')) return arg.startsWith(`${option}=`);
  if (option.length === 2) return arg.startsWith(option) && !arg.startsWith('--');
  return false;
}

function execRefused(program: string, what: string): AppError {
  return new AppError(
    'E_FORBIDDEN',
    `"${shorten(what)}" would make ${program} run another program or write outside the checked paths; it is refused for desktop commands.`,
    { details: { reason: 'exec-option' } },
  );
}

const shorten = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…` : s).replace(/[\n\r]/g, '⏎');
