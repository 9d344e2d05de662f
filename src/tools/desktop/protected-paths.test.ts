import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/load.js';
import { protectedPaths } from './protected-paths.js';

const cwd = '/srv/app';
const paths = (overrides: Record<string, string> = {}, configFile?: string) =>
  protectedPaths({ config: loadConfig({ cwd, overrides: { dataDir: '/srv/data', ...overrides } }).config, configFile, cwd });

describe('protected paths', () => {
  it('covers the config file in use and the files a next start would discover', () => {
    const p = paths({}, '/etc/code-engine/prod.yaml');
    expect(p).toEqual(
      expect.arrayContaining([
        '/etc/code-engine/prod.yaml',
        join(cwd, 'code-engine.yaml'),
        join(cwd, 'code-engine.yml'),
        join(cwd, 'code-engine.toml'),
      ]),
    );
  });

  it('covers the data dir, keyring, JWT keys, audit archive and SQLite files', () => {
    const p = paths({ 'security.secrets.keyringPath': '/keys/ring.json', 'auth.keysDir': 'jwt', 'audit.archiveDir': '/archive' });
    expect(p).toEqual(
      expect.arrayContaining([
        '/srv/data',
        '/keys/ring.json',
        '/srv/data/jwt',
        '/archive',
        '/srv/data/code-engine.db',
        '/srv/data/code-engine.db-wal',
      ]),
    );
  });

  it('covers desktop.protectedPaths relative to the data dir', () => {
    expect(paths({ 'desktop.protectedPaths': '["../secrets","/opt/vault"]' })).toEqual(
      expect.arrayContaining(['/srv/secrets', '/opt/vault']),
    );
  });

  it('leaves out SQLite files when the database is PostgreSQL', () => {
    expect(paths({ 'database.url': 'postgres://u@h/db' }).some((p) => p.includes('code-engine.db'))).toBe(false);
  });

  it('lists each path once', () => {
    const p = paths();
    expect(new Set(p).size).toBe(p.length);
  });
});
