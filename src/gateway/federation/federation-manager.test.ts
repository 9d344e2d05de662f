import { describe, expect, it } from 'vitest';
import { federationSchema } from '../../core/config/gateway.js';
import { systemClock } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';
import { systemTimers } from '../../resilience/timers.js';
import { createRegistry } from '../registry.js';
import { createFederationManager } from './federation-manager.js';

const log = createLogger({ level: 'silent', format: 'json', stream: { write() {} } });

function managerFor(aliases: string[]) {
  const registry = createRegistry();
  registry.register({ name: 'system', title: 'System', description: 'Built in.', operations: [] });
  const servers = federationSchema.parse({
    servers: aliases.map((alias) => ({ alias, transport: 'stdio', command: '/nonexistent/never-started' })),
  }).servers;
  const manager = createFederationManager({
    servers,
    registry,
    timing: { healthIntervalMs: 1_000 },
    clock: systemClock,
    timers: systemTimers,
    random: () => 0.5,
    log,
    fetch: globalThis.fetch,
    inheritedEnv: {},
    clientInfo: { name: 'test', version: '0' },
  });
  return { registry, manager };
}

describe('federation manager', () => {
  it('refuses an alias that names a built-in tool server, and keeps the built-in', () => {
    const { registry, manager } = managerFor(['system']);
    expect(manager.status()).toEqual([
      expect.objectContaining({ alias: 'system', state: 'stopped', lastError: 'a built-in tool server is named "system"' }),
    ]);
    expect(registry.server('system')?.upstream).toBeUndefined();
  });

  it('refuses a second upstream with the same alias', () => {
    const { manager } = managerFor(['twin', 'twin']);
    expect(manager.status().map((s) => s.lastError)).toEqual([undefined, 'another upstream has the same alias']);
  });

  it('reports an unstarted upstream as disconnected with no tools', () => {
    const { manager } = managerFor(['idle']);
    expect(manager.status()).toEqual([{ alias: 'idle', transport: 'stdio', state: 'disconnected', tools: 0, reconnectAttempts: 0 }]);
  });
});
