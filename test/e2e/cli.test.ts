import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ce-cli-'));

describe('cli basics', () => {
  it('prints help with every command and exits 0', async () => {
    const res = await runCli(['--help']);
    expect(res.code).toBe(0);
    for (const command of ['serve', 'config', 'db', 'doctor']) expect(res.stdout).toContain(command);
  });

  it('prints help for a subcommand', async () => {
    const res = await runCli(['config', 'print', '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('--json');
  });

  it('prints the version', async () => {
    const res = await runCli(['--version']);
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on an unknown command', async () => {
    const res = await runCli(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown command');
  });
});

describe('config commands', () => {
  it('config check exits 2 and names the key, the problem and the file', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'code-engine.yaml'), 'server:\n  prot: 80\n');
    const res = await runCli(['config', 'check'], { cwd });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('server.prot');
    expect(res.stderr).toContain('Did you mean "port"?');
    expect(res.stderr).toContain('code-engine.yaml');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('config check exits 0 for a valid file', async () => {
    const cwd = tmp();
    writeFileSync(join(cwd, 'code-engine.toml'), '[server]\nport = 9100\n');
    const res = await runCli(['config', 'check'], { cwd });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('valid');
  });

  it('config print shows the effective values with secrets redacted', async () => {
    const res = await runCli(['config', 'print', '--json', '--set', 'server.port=9200'], {
      cwd: tmp(),
      env: { CODE_ENGINE_PROVIDERS_ANTHROPIC_API_KEY: 'sk-ant-api03-verysecretvalue0123456789' },
    });
    expect(res.code).toBe(0);
    const printed = JSON.parse(res.stdout);
    expect(printed.server.port).toBe(9200);
    expect(printed.providers.anthropic.apiKey).toBe('[REDACTED]');
    expect(res.stdout + res.stderr).not.toContain('verysecretvalue');
  });
});

describe('db commands', () => {
  it('migrates a fresh SQLite database and reports status', async () => {
    const cwd = tmp();
    const migrate = await runCli(['db', 'migrate'], { cwd });
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/Applied \d+ migration/);
    const status = await runCli(['db', 'status', '--json'], { cwd });
    expect(status.code).toBe(0);
    const body = JSON.parse(status.stdout) as { migrations: Array<{ executedAt?: string }> };
    expect(body.migrations.length).toBeGreaterThan(0);
    expect(body.migrations.every((m) => m.executedAt)).toBe(true);
  });
});

describe('doctor', () => {
  it('passes on a fresh directory and prints a table', async () => {
    const res = await runCli(['doctor', '--set', 'server.port=0'], { cwd: tmp() });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/CHECK\s+STATUS\s+DETAIL/);
    expect(res.stdout).toMatch(/database\s+OK/);
  });

  it('fails and says why when PostgreSQL is unreachable', async () => {
    const res = await runCli(['doctor', '--json', '--set', 'server.port=0', '--database-url', 'postgres://postgres@127.0.0.1:1/x'], {
      cwd: tmp(),
    });
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout) as { checks: Array<{ name: string; status: string; detail: string }> };
    const db = report.checks.find((c) => c.name === 'database');
    expect(db?.status).toBe('fail');
    expect(db?.detail).toMatch(/unreachable/);
  });

  it('fails on an invalid configuration and skips the rest', async () => {
    const res = await runCli(['doctor', '--json'], { cwd: tmp(), env: { CODE_ENGINE_SERVER_PORT: 'x' } });
    expect(res.code).toBe(1);
    const report = JSON.parse(res.stdout) as { checks: Array<{ name: string; status: string }> };
    expect(report.checks.find((c) => c.name === 'config')?.status).toBe('fail');
    expect(report.checks.find((c) => c.name === 'database')?.status).toBe('skip');
  });
});

describe('serve as a process', () => {
  it('serves, then exits 0 on SIGTERM', async () => {
    const cwd = tmp();
    const { child, match, exited } = await startCli(['serve', '--port', '0', '--set', 'log.format=json'], {
      cwd,
      ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    });
    const url = match[1];
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 1 with a clear message when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const res = await runCli(['serve', '--port', String(port)], { cwd: tmp() });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
