import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture({ mode: 'non_destructive' });
  writeFileSync(join(f.root, 'file'), '');
});
afterAll(() => f.close());

describe('desktop_create_directory', () => {
  it('creates a directory with its parents, also in non_destructive mode', async () => {
    const r = await f.call('desktop_create_directory', { path: 'a/b/c' });
    expect(r.output).toEqual({ path: join(f.root, 'a/b/c'), created: true });
    expect(statSync(join(f.root, 'a/b/c')).isDirectory()).toBe(true);
  });

  it('succeeds without change when the directory exists', async () => {
    expect((await f.call('desktop_create_directory', { path: 'a' })).output).toMatchObject({ created: false });
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_create_directory', { path: '' })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:write', async () => {
    expect((await f.fail('desktop_create_directory', { path: 'v' }, { role: 'viewer' })).code).toBe('E_FORBIDDEN');
  });

  it('refuses directories outside the roots and inside the data dir', async () => {
    expect((await f.fail('desktop_create_directory', { path: '../outside/new' })).code).toBe('E_FORBIDDEN');
    expect((await f.fail('desktop_create_directory', { path: '.code-engine/plugins' })).code).toBe('E_FORBIDDEN');
    expect(existsSync(join(f.outside, 'new'))).toBe(false);
  });

  it('answers a file in the way with E_CONFLICT or E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_create_directory', { path: 'file' })).code).toBe('E_CONFLICT');
    expect((await f.fail('desktop_create_directory', { path: 'file/sub' })).code).toBe('E_NOT_FOUND');
  });
});
