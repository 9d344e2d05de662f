import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCode, isAppError } from '../errors.js';
import { loadConfig } from './load.js';

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'ce-config-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), content);
  return d;
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(hasCode(e, 'E_CONFIG')).toBe(true);
    return isAppError(e) ? e.message : '';
  }
  throw new Error('expected a config error');
}

describe('config loading', () => {
  it('uses the defaults when nothing is set', () => {
    const { config, file } = loadConfig({ cwd: dir() });
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 7878 });
    expect(config.log.level).toBe('info');
    expect(file).toBeUndefined();
  });

  it('resolves dataDir against the working directory', () => {
    const cwd = dir();
    expect(loadConfig({ cwd }).config.dataDir).toBe(join(cwd, '.code-engine'));
  });

  it('discovers code-engine.yaml in the working directory', () => {
    const cwd = dir({ 'code-engine.yaml': 'server:\n  port: 9001\n' });
    const loaded = loadConfig({ cwd });
    expect(loaded.config.server.port).toBe(9001);
    expect(loaded.file).toBe(join(cwd, 'code-engine.yaml'));
  });

  it('reads TOML files', () => {
    const cwd = dir({ 'ce.toml': '[server]\nport = 9002\n[log]\nlevel = "debug"\n' });
    const { config } = loadConfig({ cwd, configPath: 'ce.toml' });
    expect(config.server.port).toBe(9002);
    expect(config.log.level).toBe('debug');
  });

  it('applies defaults < file < environment < flags', () => {
    const cwd = dir({ 'code-engine.yaml': 'server:\n  port: 9001\n  host: 0.0.0.0\nlog:\n  level: warn\n' });
    const env = { CODE_ENGINE_SERVER_PORT: '9003', CODE_ENGINE_LOG_LEVEL: 'debug' };
    const { config, sources } = loadConfig({ cwd, env, overrides: { 'server.port': '9004' } });
    expect(config.server.port).toBe(9004);
    expect(config.log.level).toBe('debug');
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.server.shutdownTimeoutMs).toBe(10_000);
    expect(sources.get('server.port')).toContain('server.port');
    expect(sources.get('log.level')).toBe('environment variable CODE_ENGINE_LOG_LEVEL');
  });

  it('takes the config path from CODE_ENGINE_CONFIG', () => {
    const cwd = dir({ 'other.yml': 'server:\n  port: 9005\n' });
    expect(loadConfig({ cwd, env: { CODE_ENGINE_CONFIG: 'other.yml' } }).config.server.port).toBe(9005);
  });

  it('parses booleans, numbers and lists from the environment', () => {
    const { config } = loadConfig({
      cwd: dir(),
      env: {
        CODE_ENGINE_SERVER_TRUST_PROXY: 'yes',
        CODE_ENGINE_SERVER_CORS_ORIGINS: 'https://a.example, https://b.example',
        CODE_ENGINE_HTTP_CONNECTIONS: '7',
      },
    });
    expect(config.server.trustProxy).toBe(true);
    expect(config.server.cors.origins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.http.connections).toBe(7);
  });

  it('reads a secret from a file named by <VAR>_FILE', () => {
    const cwd = dir({ 'key.txt': 'sk-ant-fromfile-0123456789abcdef\n' });
    const { config } = loadConfig({ cwd, env: { CODE_ENGINE_PROVIDERS_ANTHROPIC_API_KEY_FILE: join(cwd, 'key.txt') } });
    expect(config.providers.anthropic.apiKey).toBe('sk-ant-fromfile-0123456789abcdef');
  });

  it('reads a secret from a sibling <key>File in the config file', () => {
    const cwd = dir({ 'pw.txt': 'correct horse battery staple', 'code-engine.yaml': 'auth:\n  adminPasswordFile: pw.txt\n' });
    expect(loadConfig({ cwd }).config.auth.adminPassword).toBe('correct horse battery staple');
  });

  it('accepts CODE_ENGINE_ADMIN_PASSWORD as an alias', () => {
    expect(loadConfig({ cwd: dir(), env: { CODE_ENGINE_ADMIN_PASSWORD: 'p4ssw0rd-long-enough' } }).config.auth.adminPassword).toBe(
      'p4ssw0rd-long-enough',
    );
  });

  it('returns a frozen object', () => {
    const { config } = loadConfig({ cwd: dir() });
    expect(Object.isFrozen(config.server)).toBe(true);
  });
});

describe('config errors', () => {
  it('names an unknown key in a file, suggests the right one and names the file', () => {
    const cwd = dir({ 'code-engine.yaml': 'server:\n  prot: 9000\n' });
    const message = configError(() => loadConfig({ cwd }));
    expect(message).toContain('server.prot');
    expect(message).toContain('Did you mean "port"?');
    expect(message).toContain(join(cwd, 'code-engine.yaml'));
  });

  it('names an invalid value, its problem and its source', () => {
    const cwd = dir({ 'code-engine.yaml': 'server:\n  port: 70000\n' });
    const message = configError(() => loadConfig({ cwd }));
    expect(message).toMatch(/server\.port: .*65535/);
    expect(message).toContain('70000');
    expect(message).toContain('code-engine.yaml');
  });

  it('names a wrongly typed environment value and the variable', () => {
    const message = configError(() => loadConfig({ cwd: dir(), env: { CODE_ENGINE_SERVER_PORT: 'eighty' } }));
    expect(message).toContain('server.port');
    expect(message).toContain('CODE_ENGINE_SERVER_PORT');
  });

  it('rejects an unknown CODE_ENGINE_ variable with a suggestion', () => {
    const message = configError(() => loadConfig({ cwd: dir(), env: { CODE_ENGINE_SERVER_PROT: '1' } }));
    expect(message).toContain('CODE_ENGINE_SERVER_PROT');
    expect(message).toContain('CODE_ENGINE_SERVER_PORT');
  });

  it('rejects an unknown --set key with a suggestion', () => {
    const message = configError(() => loadConfig({ cwd: dir(), overrides: { 'log.levle': 'info' } }));
    expect(message).toContain('log.levle');
    expect(message).toContain('Did you mean "level"?');
  });

  it('reports YAML syntax errors with the file name', () => {
    const cwd = dir({ 'code-engine.yaml': 'server:\n  port: [1,\n' });
    expect(configError(() => loadConfig({ cwd }))).toContain('is not valid YAML');
  });

  it('reports a missing explicit config file', () => {
    expect(configError(() => loadConfig({ cwd: dir(), configPath: 'missing.yaml' }))).toContain('no such file');
  });

  it('never echoes a secret value in an error', () => {
    const message = configError(() => loadConfig({ cwd: dir(), env: { CODE_ENGINE_AUTH_AUDIT_HMAC_KEY: 'short-secret' } }));
    expect(message).toContain('auth.auditHmacKey');
    expect(message).not.toContain('short-secret');
  });

  it('never echoes a secret nested in a list', () => {
    const servers = JSON.stringify([{ alias: 'gh', transport: 'http', url: 'not a url', bearerToken: 42, headers: {} }]);
    const message = configError(() =>
      loadConfig({
        cwd: dir(),
        env: { CODE_ENGINE_FEDERATION_SERVERS: servers.replace('42', '"x"').replace('"x"', '["leaky-secret-value"]') },
      }),
    );
    expect(message).toContain('bearerToken');
    expect(message).not.toContain('leaky-secret-value');
  });

  it('reports every problem at once', () => {
    const cwd = dir({ 'code-engine.yaml': 'server:\n  port: -1\nlog:\n  level: loud\n' });
    const message = configError(() => loadConfig({ cwd }));
    expect(message).toContain('server.port');
    expect(message).toContain('log.level');
  });
});
