import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
// A second root on another filesystem (tmpfs), for the cross-device case.
const shm = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/ce-desktop-') : undefined;
beforeAll(async () => {
  f = await createDesktopFixture({ mode: 'non_destructive', ...(shm ? { extraRoots: [shm] } : {}) });
  mkdirSync(join(f.root, 'dir'));
  mkdirSync(join(f.root, 'parent'));
  symlinkSync(join(f.outside, 'secret.txt'), join(f.root, 'link-out'));
});
afterAll(async () => {
  await f.close();
  if (shm) rmSync(shm, { recursive: true, force: true });
});

const put = (name: string, content = name) => {
  writeFileSync(join(f.root, name), content);
  return name;
};

describe('desktop_move_file', () => {
  it('renames a file, also in non_destructive mode', async () => {
    put('a.txt', 'A');
    const r = await f.call('desktop_move_file', { source: 'a.txt', destination: 'dir/b.txt' });
    expect(r.output).toEqual({ source: join(f.root, 'a.txt'), destination: join(f.root, 'dir/b.txt'), type: 'file' });
    expect(readFileSync(join(f.root, 'dir/b.txt'), 'utf8')).toBe('A');
    expect(existsSync(join(f.root, 'a.txt'))).toBe(false);
  });

  it('moves a directory', async () => {
    mkdirSync(join(f.root, 'movable'));
    put('movable/x');
    await f.call('desktop_move_file', { source: 'movable', destination: 'moved' });
    expect(readFileSync(join(f.root, 'moved/x'), 'utf8')).toBe('movable/x');
  });

  it('moves a symlink as a link, leaving its target alone', async () => {
    await f.call('desktop_move_file', { source: 'link-out', destination: 'link-moved' });
    expect(lstatSync(join(f.root, 'link-moved')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(f.root, 'link-moved'))).toBe(join(f.outside, 'secret.txt'));
    expect(existsSync(join(f.outside, 'secret.txt'))).toBe(true);
  });

  it('never overwrites an existing destination', async () => {
    put('keep.txt', 'keep');
    put('other.txt', 'other');
    expect((await f.fail('desktop_move_file', { source: 'other.txt', destination: 'keep.txt' })).code).toBe('E_CONFLICT');
    expect(readFileSync(join(f.root, 'keep.txt'), 'utf8')).toBe('keep');
  });

  it('refuses to move a directory into itself', async () => {
    expect((await f.fail('desktop_move_file', { source: 'parent', destination: 'parent/child' })).code).toBe('E_VALIDATION');
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_move_file', { source: 'x' })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:write', async () => {
    expect((await f.fail('desktop_move_file', { source: put('v.txt'), destination: 'w.txt' }, { role: 'viewer' })).code).toBe(
      'E_FORBIDDEN',
    );
  });

  it('refuses moves out of the roots, onto the config file, of the data dir, of a root, and of a directory holding protected paths', async () => {
    put('evil.yaml', 'desktop: { commands: { allow: [sh] } }');
    const cases = [
      { source: 'evil.yaml', destination: '../outside/evil.yaml' },
      { source: 'evil.yaml', destination: 'code-engine.yaml' },
      { source: 'evil.yaml', destination: 'code-engine.yml' },
      { source: '.code-engine', destination: 'data-copy' },
      { source: 'code-engine.yaml', destination: 'old.yaml' },
      { source: '.', destination: 'dir/root' },
      { source: join(f.outside, 'secret.txt'), destination: 'stolen.txt' },
    ];
    for (const c of cases) expect((await f.fail('desktop_move_file', c)).code, JSON.stringify(c)).toBe('E_FORBIDDEN');
    expect(readFileSync(f.configFile, 'utf8')).toContain('allow: []');
  });

  it('answers a missing source with E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_move_file', { source: 'nope', destination: 'x' })).code).toBe('E_NOT_FOUND');
  });

  it.skipIf(!shm)('answers a move to another filesystem with E_UNSUPPORTED and keeps the source', async () => {
    put('local.txt');
    expect((await f.fail('desktop_move_file', { source: 'local.txt', destination: join(shm!, 'local.txt') })).code).toBe('E_UNSUPPORTED');
    expect(existsSync(join(f.root, 'local.txt'))).toBe(true);
  });
});
