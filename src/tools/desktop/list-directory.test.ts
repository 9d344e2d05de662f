import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture({ settings: { maxEntries: 10 } });
  mkdirSync(join(f.root, 'src'));
  writeFileSync(join(f.root, 'src', 'a.ts'), 'abc');
  writeFileSync(join(f.root, 'src', '.hidden'), '');
  mkdirSync(join(f.root, 'src', 'lib'));
  symlinkSync(f.outside, join(f.root, 'src', 'out'));
  mkdirSync(join(f.root, 'many'));
  for (let i = 0; i < 12; i++) writeFileSync(join(f.root, 'many', `f${String(i).padStart(2, '0')}`), '');
});
afterAll(() => f.close());

type Out = { path: string; entries: Array<{ name: string; type: string; sizeBytes?: number }>; truncated: boolean };
const list = async (input: Record<string, unknown>) => (await f.call('desktop_list_directory', input)).output as Out;

describe('desktop_list_directory', () => {
  it('lists entries by name with type and size, symlinks as links', async () => {
    const o = await list({ path: 'src' });
    expect(o.entries.map((e) => [e.name, e.type])).toEqual([
      ['.hidden', 'file'],
      ['a.ts', 'file'],
      ['lib', 'directory'],
      ['out', 'symlink'],
    ]);
    expect(o.entries[1]?.sizeBytes).toBe(3);
  });

  it('leaves out hidden names on request', async () => {
    expect((await list({ path: 'src', includeHidden: false })).entries.map((e) => e.name)).toEqual(['a.ts', 'lib', 'out']);
  });

  it('leaves out the protected config file and data dir', async () => {
    const names = (await list({})).entries.map((e) => e.name);
    expect(names).not.toContain('.code-engine');
    expect(names).not.toContain('code-engine.yaml');
    expect(names).toContain('src');
  });

  it('stops at maxEntries and says so', async () => {
    const o = await list({ path: 'many' });
    expect(o.entries).toHaveLength(10);
    expect(o.truncated).toBe(true);
  });

  it('refuses a file with E_VALIDATION', async () => {
    expect((await f.fail('desktop_list_directory', { path: 'src/a.ts' })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_list_directory', { path: 42 })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:read', async () => {
    expect((await f.fail('desktop_list_directory', {}, { role: 'monitoring_service' })).code).toBe('E_FORBIDDEN');
  });

  it('refuses directories outside the roots, through symlinks, and the data dir', async () => {
    for (const path of ['..', f.outside, 'src/out', '.code-engine']) {
      expect((await f.fail('desktop_list_directory', { path })).code, path).toBe('E_FORBIDDEN');
    }
  });

  it('answers a missing directory with E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_list_directory', { path: 'gone' })).code).toBe('E_NOT_FOUND');
  });
});
