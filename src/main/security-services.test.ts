import { mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config/load.js';
import { systemClock, systemIds } from '../core/deps.js';
import { createLogger } from '../core/logger.js';
import { createSecurityServices } from './security-services.js';

const dataDir = realpathSync(mkdtempSync(join(tmpdir(), 'ce-secsvc-')));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function build(overrides: Record<string, string> = {}, env: Record<string, string> = {}) {
  const { config } = loadConfig({ env, cwd: dataDir, overrides: { dataDir, ...overrides } });
  const log = createLogger({ level: 'silent', format: 'json', stream: { write: () => undefined } });
  const built = createSecurityServices({
    config,
    deps: { config, log, clock: systemClock, ids: systemIds },
    env: { HOME: '/home/x', TOKEN: 't' },
    knownSecrets: ['provider-key-123456'],
  });
  return built;
}

describe('security services', () => {
  it('confines files to the data dir by default', () => {
    expect(build().security.pathGuard.roots).toEqual([dataDir]);
  });

  it('creates the secrets key file with mode 0600 on first start', () => {
    build();
    expect(statSync(join(dataDir, 'secrets.key')).mode & 0o777).toBe(0o600);
  });

  it('seals and opens with the configured key', () => {
    const { security } = build({}, { CODE_ENGINE_SECURITY_SECRETS_KEY: Buffer.alloc(32, 3).toString('base64') });
    expect(security.secrets.openString(security.secrets.seal('v', 'ctx'), 'ctx')).toBe('v');
  });

  it('resolves the configured program allowlist', () => {
    const { security } = build({ 'security.subprocess.allow': '["/bin/echo"]' });
    expect(security.processes.allowlist.get('/bin/echo').path).toBe('/bin/echo');
  });

  it('builds an HTTP client that refuses loopback unless allowlisted', async () => {
    const { http } = build();
    await expect(http.request('http://127.0.0.1:9/')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await http.close();
  });

  it('binds configured secrets into the redactor', () => {
    expect(build().security.redactor.redactString('key provider-key-123456 used')).toBe('key [REDACTED] used');
  });
});
