import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../security/redact.js';
import { loadConfig } from './load.js';
import { configSecretValues, redactedConfig } from './print.js';

describe('redacted config', () => {
  const { config } = loadConfig({
    env: {
      CODE_ENGINE_PROVIDERS_OPENAI_API_KEY: 'sk-test-abcdefghijklmnopqrstuvwxyz',
      CODE_ENGINE_AUTH_ADMIN_PASSWORD: 'hunter2-hunter2',
      CODE_ENGINE_DATABASE_URL: 'postgres://app:s3cr3tpass@db.internal:5432/ce',
    },
  });

  it('replaces secret fields', () => {
    const printed = redactedConfig(config) as { providers: { openai: { apiKey: string } }; auth: { adminPassword: string } };
    expect(printed.providers.openai.apiKey).toBe(REDACTED);
    expect(printed.auth.adminPassword).toBe(REDACTED);
  });

  it('masks passwords inside URLs', () => {
    const text = JSON.stringify(redactedConfig(config));
    expect(text).not.toContain('s3cr3tpass');
    expect(text).toContain('db.internal');
  });

  it('redacts secrets inside lists of objects', () => {
    const { config: withLists } = loadConfig({
      env: {
        CODE_ENGINE_FEDERATION_SERVERS: JSON.stringify([
          {
            alias: 'gh',
            transport: 'http',
            url: 'https://mcp.example/mcp',
            bearerToken: 'upstream-token-value-123',
            headers: { Authorization: 'Bearer abcdefghijklmnop' },
          },
        ]),
      },
    });
    const text = JSON.stringify(redactedConfig(withLists));
    expect(text).not.toContain('upstream-token-value-123');
    expect(text).not.toContain('abcdefghijklmnop');
    expect(text).toContain('mcp.example');
  });

  it('leaves the original config untouched', () => {
    redactedConfig(config);
    expect(config.providers.openai.apiKey).toBe('sk-test-abcdefghijklmnopqrstuvwxyz');
  });
});

describe('configSecretValues', () => {
  it('lists every configured secret, marked or named so, and nothing else', () => {
    const { config } = loadConfig({
      env: {
        CODE_ENGINE_PROVIDERS_OPENAI_API_KEY: 'sk-test-abcdefghijklmnopqrstuvwxyz',
        CODE_ENGINE_SLACK_TOKEN: 'xoxb-slack-token-1',
        CODE_ENGINE_BRAVE_SEARCH_API_KEY: 'BSAshapelessbravekey',
        CODE_ENGINE_PROMETHEUS_PASSWORD: 'prom-pass-99',
        CODE_ENGINE_FEDERATION_SERVERS: JSON.stringify([
          {
            alias: 'web',
            transport: 'http',
            url: 'http://127.0.0.1:9/mcp',
            headers: { 'X-Api-Key': 'upstream-key-42', Accept: 'text/plain' },
          },
        ]),
      },
    });
    const values = configSecretValues(config);
    for (const s of [
      'sk-test-abcdefghijklmnopqrstuvwxyz',
      'xoxb-slack-token-1',
      'BSAshapelessbravekey',
      'prom-pass-99',
      'upstream-key-42',
    ]) {
      expect(values).toContain(s);
    }
    expect(values).not.toContain('text/plain');
    expect(values).not.toContain('127.0.0.1');
    expect(values).not.toContain('http://127.0.0.1:9/mcp');
  });
});
