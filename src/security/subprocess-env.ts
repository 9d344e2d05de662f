/**
 * The environment of child processes: built from nothing, with only named variables copied from the parent, so
 * tokens and keys in the server's environment never reach a program by accident.
 */
import { AppError } from '../core/errors.js';

/** Variables copied from the parent when configured to inherit nothing else. */
export const DEFAULT_INHERITED_ENV: readonly string[] = ['HOME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'USER', 'LOGNAME'];

/** Variables that make a program load or run other code; refused in per-call env and never inherited. */
const CODE_LOADING = new Set([
  'BASH_ENV',
  'ENV',
  'NODE_OPTIONS',
  'PYTHONSTARTUP',
  'PYTHONPATH',
  'PERL5OPT',
  'PERL5LIB',
  'RUBYOPT',
  'IFS',
  'PS4',
  'SHELLOPTS',
  'GCONV_PATH',
]);
const CODE_LOADING_PREFIX = /^(?:LD_|DYLD_)/;

/** True for variables that inject code into the child (LD_PRELOAD, NODE_OPTIONS, BASH_ENV, …). */
export function isCodeLoadingEnv(name: string): boolean {
  return CODE_LOADING.has(name) || CODE_LOADING_PREFIX.test(name);
}

export interface ChildEnvOptions {
  /** The parent's environment (src/main passes process.env). */
  base: Readonly<Record<string, string | undefined>>;
  /** Names copied from `base` when set. */
  inherit: readonly string[];
  /** PATH of the child: the runner's fixed search path. */
  searchPath: readonly string[];
  /** Per-call variables set by code (values may be user data; names may not load code). */
  extra?: Readonly<Record<string, string>>;
}

/**
 * The scrubbed environment for one child process.
 * @example buildChildEnv({ base: process.env, inherit: ['HOME'], searchPath: ['/usr/bin'], extra: { GIT_TERMINAL_PROMPT: '0' } })
 */
export function buildChildEnv(options: ChildEnvOptions): Record<string, string> {
  const env: Record<string, string> = { PATH: options.searchPath.join(':') };
  for (const name of options.inherit) {
    const value = options.base[name];
    if (value !== undefined && !isCodeLoadingEnv(name) && !value.includes('\0')) env[name] = value;
  }
  for (const [name, value] of Object.entries(options.extra ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new AppError('E_VALIDATION', `Invalid environment variable name "${name.slice(0, 60)}".`);
    if (isCodeLoadingEnv(name)) {
      throw new AppError('E_FORBIDDEN', `Environment variable ${name} loads code into the child and is not allowed.`, {
        details: { reason: 'code-loading-env' },
      });
    }
    if (typeof value !== 'string' || value.includes('\0')) {
      throw new AppError('E_VALIDATION', `Environment variable ${name} must be a string without NUL bytes.`);
    }
    env[name] = value;
  }
  return env;
}
