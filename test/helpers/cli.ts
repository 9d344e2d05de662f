/**
 * Runs the built CLI (dist/main/bin.js, which runs the bundle in dist/bundle/) as a child process, as a user would.
 * `npm test` builds first.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/main/bin.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/bundle/cli-main.js', import.meta.url));
const TSC_BUILD_INFO = fileURLToPath(new URL('../../dist/.tsbuildinfo', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test does it first).`);
  // bin.js would fall back to the unbundled modules; tests must run the bundle users run.
  const compiledAt = statSync(TSC_BUILD_INFO, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < compiledAt)
    throw new Error(`${BUNDLE} is missing or older than the tsc build: run \`npm run build\` (npm test does it first).`);
}

/** A clean environment: no CODE_ENGINE_* from the developer's shell leaks into tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('CODE_ENGINE_')) env[k] = v;
  return { ...env, ...extra };
}

/** Run `code-engine …args` to completion. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: options.cwd, env: cleanEnv(options.env), timeout: options.timeoutMs ?? 20_000, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Start a long-running command (e.g. `serve`); resolves once `ready` matches its output. */
export function startCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; ready: RegExp; timeoutMs?: number },
): Promise<{ child: ChildProcess; output: () => string; match: RegExpMatchArray; exited: Promise<number | null> }> {
  assertBuilt();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out waiting for ${options.ready}; output:\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(options.ready);
      if (match) {
        clearTimeout(timer);
        resolve({ child, output: () => output, match, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready; output:\n${output}`));
    });
  });
}
