import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliOutput } from '../adapters/cli/output.js';
import { buildProgram, CliExit } from '../adapters/cli/program.js';
import { usersCommands } from '../adapters/cli/users.js';
import { createCliHandlers, type ProcessInfo } from './cli-handlers.js';
import { createUsersCliHandlers, readPassword } from './users-cli.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-users-cli-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const proc = (): ProcessInfo => ({ env: {}, cwd: dataDir, stdoutIsTty: false });

/** Run `code-engine <args>` in-process with cheap argon2; returns the exit code and output. */
async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliOutput = { out: (s) => void out.push(s), err: (s) => void err.push(s), isTty: false };
  const program = buildProgram(createCliHandlers(proc()), io, '0.0.0', [usersCommands(createUsersCliHandlers(proc(), () => stdin))]);
  let code = 0;
  try {
    await program.parseAsync(
      [
        ...args,
        '--data-dir',
        dataDir,
        '--log-level',
        'silent',
        '--set',
        'auth.argon2.memoryCostKiB=256',
        '--set',
        'auth.argon2.timeCost=1',
      ],
      { from: 'user' },
    );
  } catch (e) {
    code = e instanceof CliExit ? e.exitCode : 1;
    if (!(e instanceof CliExit)) err.push(String((e as Error).message));
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('code-engine users', () => {
  it('creates a user with a generated password printed once', async () => {
    const res = await run(['users', 'create', 'dana', '--role', 'operator']);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/Created dana \(.+\): roles operator; active/);
    expect(res.out).toMatch(/Generated password \(shown only now\): [A-Za-z0-9_-]{24}/);
  });

  it('reads the password from stdin and does not print it', async () => {
    const res = await run(['users', 'create', 'erin', '--password-stdin'], 'erin types a passphrase\n');
    expect(res.code).toBe(0);
    expect(res.out).not.toContain('Generated password');
  });

  it('rejects a password that breaks the policy', async () => {
    const file = join(dataDir, 'pw.txt');
    writeFileSync(file, 'short\n');
    const res = await run(['users', 'create', 'fay', '--password-file', file]);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/at least 12 characters/);
  });

  it('lists users as JSON', async () => {
    await run(['users', 'create', 'dana', '--role', 'operator,viewer']);
    const res = await run(['users', 'list', '--json']);
    expect(JSON.parse(res.out)).toEqual([expect.objectContaining({ username: 'dana', roles: ['operator', 'viewer'] })]);
  });

  it('sets roles by username', async () => {
    await run(['users', 'create', 'dana']);
    expect((await run(['users', 'set-role', 'dana', 'operator', 'viewer'])).out).toContain('roles operator, viewer');
  });

  it('refuses an unknown role', async () => {
    await run(['users', 'create', 'dana']);
    expect((await run(['users', 'set-role', 'dana', 'wizard'])).err).toContain('Unknown role(s): wizard');
  });

  it('resets a password and prints the new one', async () => {
    await run(['users', 'create', 'dana']);
    expect((await run(['users', 'reset-password', 'dana'])).out).toMatch(/Generated password/);
  });

  it('disables, enables and unlocks a user', async () => {
    await run(['users', 'create', 'dana']);
    expect((await run(['users', 'disable', 'dana'])).out).toContain('; disabled');
    expect((await run(['users', 'enable', 'dana'])).out).toContain('; active');
    expect((await run(['users', 'unlock', 'dana'])).out).toContain('Unlocked dana');
  });

  it('refuses to delete the last admin', async () => {
    await run(['users', 'create', 'root', '--role', 'admin']);
    const res = await run(['users', 'delete', 'root', '--yes']);
    expect(res.code).toBe(1);
    expect(res.err).toContain('last enabled admin');
  });

  it('reports an unknown user', async () => {
    expect((await run(['users', 'unlock', 'ghost'])).err).toContain('No user "ghost"');
  });
});

describe('code-engine auth rotate-key', () => {
  it('adds a new key file with mode 0600 and keeps the old one', async () => {
    await run(['users', 'create', 'dana']);
    await run(['auth', 'rotate-key']);
    const res = await run(['auth', 'rotate-key']);
    expect(res.out).toMatch(/New signing key .+ \(EdDSA\) is active/);
    const dir = join(dataDir, 'keys');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });
});

describe('readPassword', () => {
  it('returns undefined for a generated password', () => {
    expect(readPassword({ kind: 'generate' })).toBeUndefined();
  });

  it('takes the first line of stdin', () => {
    expect(readPassword({ kind: 'stdin' }, () => 'first line\nsecond')).toBe('first line');
  });
});
