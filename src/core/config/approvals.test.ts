import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { redactedConfig } from './print.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ce-approvals-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const hooks = [{ url: 'https://hooks.example.com/approvals', secret: 'webhook signing secret' }];

describe('approvals config', () => {
  it('reads webhooks as JSON from the environment, subscribing them to every event', () => {
    const { config } = loadConfig({ env: { CODE_ENGINE_APPROVALS_WEBHOOKS: JSON.stringify(hooks) }, cwd: dir, overrides: {} });
    expect(config.approvals.webhooks).toEqual([
      { ...hooks[0], events: expect.arrayContaining(['approval.requested', 'approval.executed']) },
    ]);
  });

  it('reads webhooks from a _FILE secret', () => {
    writeFileSync(join(dir, 'hooks.json'), JSON.stringify(hooks));
    const { config } = loadConfig({ env: { CODE_ENGINE_APPROVALS_WEBHOOKS_FILE: join(dir, 'hooks.json') }, cwd: dir, overrides: {} });
    expect(config.approvals.webhooks[0]?.url).toBe('https://hooks.example.com/approvals');
  });

  it('redacts webhooks in config print', () => {
    const { config } = loadConfig({ env: { CODE_ENGINE_APPROVALS_WEBHOOKS: JSON.stringify(hooks) }, cwd: dir, overrides: {} });
    expect(JSON.stringify(redactedConfig(config))).not.toContain('hooks.example.com');
  });

  it('rejects a webhook secret shorter than 16 characters', () => {
    const env = { CODE_ENGINE_APPROVALS_WEBHOOKS: JSON.stringify([{ url: 'https://h.example.com/', secret: 'short' }]) };
    expect(() => loadConfig({ env, cwd: dir, overrides: {} })).toThrow(/approvals\.webhooks/);
  });
});
