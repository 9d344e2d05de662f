import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';
import { sha256 } from './file-facts.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture();
  writeFileSync(join(f.root, 'a.txt'), 'abc');
  chmodSync(join(f.root, 'a.txt'), 0o640);
  mkdirSync(join(f.root, 'dir'));
  symlinkSync('a.txt', join(f.root, 'in-link'));
  symlinkSync(join(f.outside, 'secret.txt'), join(f.root, 'out-link'));
});
afterAll(() => f.close());

const info = async (path: string) => (await f.call('desktop_file_info', { path })).output as Record<string, unknown>;

describe('desktop_file_info', () => {
  it('describes a file with size, mode, hash and encoding', async () => {
    expect(await info('a.txt')).toMatchObject({
      type: 'file',
      sizeBytes: 3,
      mode: '0640',
      sha256: sha256(Buffer.from('abc')),
      encoding: 'utf-8',
    });
  });

  it('describes a directory', async () => {
    expect(await info('dir')).toMatchObject({ type: 'directory', path: join(f.root, 'dir') });
  });

  it('describes a symlink itself and says whether it stays inside the roots', async () => {
    expect(await info('in-link')).toMatchObject({ type: 'symlink', linkTarget: 'a.txt', linkTargetInsideRoots: true });
    const out = await info('out-link');
    expect(out).toMatchObject({ type: 'symlink', linkTargetInsideRoots: false });
    expect(out.sha256).toBeUndefined();
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_file_info', {})).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:read', async () => {
    expect((await f.fail('desktop_file_info', { path: 'a.txt' }, { role: 'monitoring_service' })).code).toBe('E_FORBIDDEN');
  });

  it('refuses paths outside the roots and protected paths', async () => {
    expect((await f.fail('desktop_file_info', { path: join(f.outside, 'secret.txt') })).code).toBe('E_FORBIDDEN');
    expect((await f.fail('desktop_file_info', { path: '.code-engine/secrets.key' })).code).toBe('E_FORBIDDEN');
  });

  it('answers a missing path with E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_file_info', { path: 'gone' })).code).toBe('E_NOT_FOUND');
  });
});
