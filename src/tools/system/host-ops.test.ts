import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { failure } from '../../../test/helpers/failure.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { systemSchema } from '../../core/config/system.js';
import { systemClock } from '../../core/deps.js';
import type { ToolServer } from '../../gateway/operation.js';
import { createPathGuard } from '../../security/path-guard.js';
import { createProcessRunner } from '../../security/process-runner.js';
import { type SystemHostDeps, systemHostOps } from './index.js';

type SystemConfigInput = z.input<typeof systemSchema>;

const dir = mkdtempSync(join(tmpdir(), 'ce-sys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let t: TestGateway | undefined;
afterEach(async () => {
  await t?.cleanup();
  t = undefined;
});

/** A real executable stand-in for a host tool: a shell script in the temp dir (allowlisted by absolute path). */
function script(name: string, body: string): string {
  const bin = join(dir, `bin-${name}-${Math.floor(performance.now() * 1000)}`);
  mkdirSync(bin);
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function gateway(deps: Omit<Partial<SystemHostDeps>, 'settings'> & { allow?: string[]; settings?: SystemConfigInput } = {}) {
  const { allow = [], settings = {}, ...rest } = deps;
  const processes = createProcessRunner({ allow, pathGuard: createPathGuard({ roots: [dir] }) });
  const server: ToolServer = {
    name: 'system',
    title: 'System',
    description: 'host',
    operations: systemHostOps({ settings: systemSchema.parse(settings), processes, clock: systemClock, ...rest }),
  };
  t = await createTestGateway({ servers: [server] });
  return t;
}

const call = (name: string, input: unknown, role = 'viewer') =>
  t!.gateway.call(name, input, { face: 'rest', principal: principal(role), requestId: 'r' });

describe('system_info', () => {
  it('reports this host’s CPU, memory and uptime', async () => {
    await gateway();
    const { output, text } = await call('system_info', { sampleMs: 0 });
    const o = output as { cpu: { cores: number }; memory: { totalBytes: number; usedPercent: number }; hostname: string; bootTime: string };
    expect(o.cpu.cores).toBe(os.cpus().length);
    expect(o.memory.totalBytes).toBeGreaterThan(0);
    expect(o.memory.usedPercent).toBeGreaterThanOrEqual(0);
    expect(o.hostname).toBe(os.hostname());
    expect(Date.parse(o.bootTime)).toBeLessThan(Date.now());
    expect(text).toContain('CPU:');
  });

  it('measures CPU usage over a sample interval', async () => {
    await gateway();
    const { output } = await call('system_info', { sampleMs: 20 });
    const usage = (output as { cpu: { usagePercent?: number } }).cpu.usagePercent;
    if (usage !== undefined) expect(usage).toBeGreaterThanOrEqual(0);
  });

  it('refuses a sample interval above 5 s', async () => {
    await gateway();
    expect((await failure(call('system_info', { sampleMs: 60_000 }))).code).toBe('E_VALIDATION');
  });

  it('is denied to a principal without system:read', async () => {
    await gateway();
    expect((await failure(call('system_info', {}, 'nobody'))).code).toBe('E_FORBIDDEN');
  });
});

describe('system_disk_usage', () => {
  it('measures the filesystem holding a path', async () => {
    await gateway();
    const { output } = await call('system_disk_usage', { paths: ['/'] });
    const [fs] = (output as { filesystems: Array<{ path: string; totalBytes: number; availableBytes: number }> }).filesystems;
    expect(fs!.path).toBe('/');
    expect(fs!.totalBytes).toBeGreaterThan(0);
    expect(fs!.availableBytes).toBeLessThanOrEqual(fs!.totalBytes);
  });

  it('lists real mounts without pseudo filesystems by default', async () => {
    await gateway();
    const { output } = await call('system_disk_usage', {});
    const rows = (output as { filesystems: Array<{ fsType?: string }> }).filesystems;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.fsType)).not.toContain('proc');
  });

  it('answers E_NOT_FOUND for a missing path', async () => {
    await gateway();
    expect((await failure(call('system_disk_usage', { paths: [join(dir, 'missing')] }))).code).toBe('E_NOT_FOUND');
  });

  it('refuses relative paths', async () => {
    await gateway();
    const e = await failure(call('system_disk_usage', { paths: ['relative/dir'] }));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message + JSON.stringify(e.issues)).toContain('absolute');
  });
});

describe('system_processes', () => {
  it('lists the top processes by memory, highest first', async () => {
    await gateway();
    const { output } = await call('system_processes', { sortBy: 'memory', limit: 5, sampleMs: 0 });
    const o = output as { processes: Array<{ memoryBytes: number; pid: number }>; total: number };
    expect(o.processes.length).toBeGreaterThan(0);
    expect(o.processes.length).toBeLessThanOrEqual(5);
    expect(o.total).toBeGreaterThanOrEqual(o.processes.length);
    const mem = o.processes.map((p) => p.memoryBytes);
    expect(mem).toEqual([...mem].sort((a, b) => b - a));
  });

  it('reads a proc tree, resolving users and redacting secrets in command lines', async () => {
    const proc = join(dir, 'proc');
    mkdirSync(join(proc, '4242'), { recursive: true });
    writeFileSync(join(proc, 'stat'), 'cpu  100 0 100 800 0 0 0 0 0 0\n');
    writeFileSync(join(proc, 'uptime'), '1000.00 4000.00\n');
    writeFileSync(join(proc, 'meminfo'), 'MemTotal:       1048576 kB\n');
    writeFileSync(join(proc, '4242', 'stat'), '4242 (db server) S 1 4242 4242 0 -1 0 0 0 0 0 5000 5000 0 0 20 0 3 0 0 0 25600 0');
    writeFileSync(join(proc, '4242', 'status'), 'Name:\tdb\nUid:\t0\t0\t0\t0\n');
    writeFileSync(join(proc, '4242', 'cmdline'), 'db-server\0--password=hunter2secret\0--port=5432\0');
    await gateway({ settings: { procRoot: proc } });
    const { output } = await call('system_processes', { sampleMs: 0 });
    const [p] = (output as { processes: Array<Record<string, unknown>> }).processes;
    expect(p).toMatchObject({ pid: 4242, name: 'db server', state: 'S', threads: 3, cpuPercent: 10, memoryBytes: 25600 * 4096 });
    expect(p!.user).toBe('root');
    expect(p!.memoryPercent).toBe(9.8);
    expect(p!.command).toContain('--port=5432');
    expect(p!.command).not.toContain('hunter2secret');
  });

  it('refuses a limit above system.maxProcesses', async () => {
    await gateway({ settings: { maxProcesses: 10 } });
    expect((await failure(call('system_processes', { limit: 11 }))).code).toBe('E_VALIDATION');
  });

  it('answers E_UNSUPPORTED where there is no proc filesystem', async () => {
    await gateway({ settings: { procRoot: join(dir, 'no-proc') }, platform: 'darwin' });
    const e = await failure(call('system_processes', {}));
    expect(e.code).toBe('E_UNSUPPORTED');
    expect(e.message).toContain('proc');
  });
});

describe('system_network_interfaces', () => {
  it('lists loopback with its address', async () => {
    await gateway();
    const { output } = await call('system_network_interfaces', {});
    const lo = (
      output as { interfaces: Array<{ name: string; internal: boolean; addresses: Array<{ address: string }> }> }
    ).interfaces.find((i) => i.name === 'lo');
    expect(lo?.internal).toBe(true);
    expect(lo?.addresses.map((a) => a.address)).toContain('127.0.0.1');
  });

  it('refuses unknown arguments', async () => {
    await gateway();
    const e = await failure(call('system_network_interfaces', { bogus: 1 }));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain('bogus');
  });
});

describe('system_service_status', () => {
  const marker = join(dir, 'run-systemd');
  mkdirSync(marker, { recursive: true });
  const show = [
    'Id=nginx.service',
    'Description=A high performance web server',
    'LoadState=loaded',
    'ActiveState=active',
    'SubState=running',
    'UnitFileState=enabled',
    'MainPID=812',
    'ActiveEnterTimestamp=Tue 2024-01-02 10:00:00 UTC',
    '',
    'Id=nope.service',
    'Description=nope.service',
    'LoadState=not-found',
    'ActiveState=inactive',
    'SubState=dead',
    'MainPID=0',
  ].join('\n');

  it('answers E_UNSUPPORTED on a host without systemd', async () => {
    await gateway({ systemdMarker: join(dir, 'no-systemd'), platform: 'linux' });
    const e = await failure(call('system_service_status', { units: ['nginx'] }));
    expect(e.code).toBe('E_UNSUPPORTED');
    expect(e.message).toContain('systemd');
  });

  it('reads unit state through an allowlisted systemctl', async () => {
    const argsFile = join(dir, 'systemctl-args');
    const systemctl = script('systemctl', `echo "$@" > ${argsFile}\ncat <<'EOF'\n${show}\nEOF`);
    await gateway({ systemdMarker: marker, platform: 'linux', allow: [systemctl] });
    const { output, text } = await call('system_service_status', { units: ['nginx', 'nope'] });
    expect((output as { units: unknown[] }).units).toEqual([
      expect.objectContaining({ unit: 'nginx.service', activeState: 'active', subState: 'running', mainPid: 812, found: true }),
      expect.objectContaining({ unit: 'nope.service', found: false }),
    ]);
    expect(readFileSync(argsFile, 'utf8')).toMatch(/^show --no-pager --property=\S+ -- nginx nope/);
    expect(text).toContain('nope.service: not found');
  });

  it('says how to enable it when systemctl is not allowlisted', async () => {
    await gateway({ systemdMarker: marker, platform: 'linux' });
    const e = await failure(call('system_service_status', { units: ['nginx'] }));
    expect(e.code).toBe('E_FORBIDDEN');
    expect(e.message).toContain('security.subprocess.allow');
  });

  it('refuses unit names that could be options or shell syntax', async () => {
    await gateway({ systemdMarker: marker, platform: 'linux' });
    expect((await failure(call('system_service_status', { units: ['--all'] }))).code).toBe('E_VALIDATION');
    expect((await failure(call('system_service_status', { units: ['a;reboot'] }))).code).toBe('E_VALIDATION');
  });

  it('reports a failing systemctl as E_UPSTREAM, then opens the breaker', async () => {
    const systemctl = script('systemctl', 'echo "Failed to connect to bus: No such file or directory" >&2\nexit 1');
    await gateway({ systemdMarker: marker, platform: 'linux', allow: [systemctl] });
    const first = await failure(call('system_service_status', { units: ['nginx'] }));
    expect(first.code).toBe('E_UPSTREAM');
    expect(first.message).toContain('Failed to connect to bus');
    for (let i = 0; i < 4; i++) await failure(call('system_service_status', { units: ['nginx'] }));
    expect((await failure(call('system_service_status', { units: ['nginx'] }))).code).toBe('E_CIRCUIT_OPEN');
  });
});

describe('system_windows_*', () => {
  it('answers E_UNSUPPORTED for the registry outside Windows', async () => {
    await gateway({ platform: 'linux' });
    const e = await failure(call('system_windows_registry_read', { key: 'HKLM\\SOFTWARE\\Microsoft' }));
    expect(e.code).toBe('E_UNSUPPORTED');
    expect(e.message).toContain('Windows');
  });

  it('answers E_UNSUPPORTED for Windows services outside Windows', async () => {
    await gateway({ platform: 'linux' });
    expect((await failure(call('system_windows_service_status', { services: ['wuauserv'] }))).code).toBe('E_UNSUPPORTED');
  });

  it('reads a registry value through reg query on Windows', async () => {
    const reg = script(
      'reg',
      "printf '\\r\\nHKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Windows NT\\\\CurrentVersion\\r\\n    ProductName    REG_SZ    Windows 10 Pro\\r\\n\\r\\n'",
    );
    await gateway({ platform: 'win32', allow: [reg] });
    const { output } = await call('system_windows_registry_read', {
      key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      value: 'ProductName',
    });
    expect(output).toEqual({
      key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      values: [{ name: 'ProductName', type: 'REG_SZ', data: 'Windows 10 Pro' }],
      subkeys: [],
    });
  });

  it('reports a service that is not installed', async () => {
    const sc = script('sc', 'echo "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:"\nexit 36');
    await gateway({ platform: 'win32', allow: [sc] });
    const { output } = await call('system_windows_service_status', { services: ['nope'] });
    expect(output).toEqual({ services: [{ name: 'nope', found: false }] });
  });

  it('refuses registry keys outside the hives', async () => {
    await gateway({ platform: 'win32' });
    expect((await failure(call('system_windows_registry_read', { key: '/f\\x' }))).code).toBe('E_VALIDATION');
  });
});
