import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/helpers/app.js';
import { loadConfig } from '../core/config/load.js';
import { adminPasswordBanner, startAuthBootstrap } from './auth-bootstrap.js';
import { createRuntime, type Runtime } from './runtime.js';

let dataDir: string;
let runtime: Runtime;
let logs: ReturnType<typeof captureLogs>;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ce-bootstrap-'));
  const loaded = loadConfig({
    env: {},
    cwd: dataDir,
    overrides: { dataDir, 'auth.argon2.memoryCostKiB': '256', 'auth.argon2.timeCost': '1', 'log.level': 'debug' },
  });
  logs = captureLogs();
  runtime = createRuntime(loaded, { logStream: logs.stream });
  await runtime.startMigrations();
});
afterEach(async () => {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('startAuthBootstrap', () => {
  it('prints a generated admin password once, to the console and never to the log', async () => {
    const printed: string[] = [];
    await startAuthBootstrap(runtime, (text) => printed.push(text));
    await startAuthBootstrap(runtime, (text) => printed.push(text));
    expect(printed).toHaveLength(1);
    const password = /password: (\S+)/.exec(printed[0] as string)?.[1] as string;
    expect(password).toHaveLength(24);
    expect(logs.lines.join('\n')).not.toContain(password);
    expect(logs.lines.join('\n')).toContain('bootstrap admin created');
  });

  it('shows the username and password in the banner', () => {
    expect(adminPasswordBanner('admin', 'pw')).toContain('username: admin\n  password: pw\n');
  });
});
