import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, DATA_SECRET, type DesktopFixture, OUTSIDE_SECRET } from '../../../test/helpers/desktop.js';

let f: DesktopFixture;
const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}\n`).join('');
beforeAll(async () => {
  f = await createDesktopFixture({ settings: { maxReadBytes: 4096 } });
  writeFileSync(join(f.root, 'notes.txt'), 'hello\nworld\n');
  writeFileSync(join(f.root, 'ten.txt'), lines(10));
  writeFileSync(join(f.root, 'big.log'), lines(2000));
  writeFileSync(join(f.root, 'image.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  writeFileSync(join(f.root, 'latin.txt'), Buffer.from('caf\xe9\n', 'latin1'));
  mkdirSync(join(f.root, 'dir'));
  symlinkSync(join(f.outside, 'secret.txt'), join(f.root, 'leak.txt'));
  symlinkSync(join(f.dataDir, 'secrets.key'), join(f.root, 'key-link'));
});
afterAll(() => f.close());

const read = async (input: Record<string, unknown>, role?: string) =>
  (await f.call('desktop_read_file', input, role ? { role } : {})).output as Record<string, unknown>;

describe('desktop_read_file', () => {
  it('reads a whole text file with its hash, size and encoding', async () => {
    const o = await read({ path: 'notes.txt' });
    expect(o).toMatchObject({
      path: join(f.root, 'notes.txt'),
      content: 'hello\nworld\n',
      encoding: 'utf-8',
      sizeBytes: 12,
      truncated: false,
    });
    expect(o.sha256).toMatch(/^[a-f0-9]{64}$/);
  });

  it('reads a line window from the start and from the end', async () => {
    expect(await read({ path: 'ten.txt', offset: 2, length: 2 })).toMatchObject({
      content: 'line 3\nline 4\n',
      startLine: 3,
      lineCount: 2,
      totalLines: 10,
    });
    expect(await read({ path: 'ten.txt', offset: -2 })).toMatchObject({ content: 'line 9\nline 10\n', startLine: 9 });
  });

  it('reads windows of a file larger than the cap without reading it whole', async () => {
    expect(await read({ path: 'big.log', offset: 1000, length: 2 })).toMatchObject({
      content: 'line 1001\nline 1002\n',
      startLine: 1001,
      lineCount: 2,
    });
    const tail = await read({ path: 'big.log', offset: -3 });
    expect(tail).toMatchObject({ content: 'line 1998\nline 1999\nline 2000\n', lineCount: 3 });
    expect(tail.sha256).toBeUndefined();
  });

  it('stops a window at the byte cap and says so', async () => {
    const o = await read({ path: 'big.log', offset: 0, length: 5000 });
    expect(o.truncated).toBe(true);
    expect((o.content as string).length).toBeLessThanOrEqual(4096);
  });

  it('returns binary files as base64', async () => {
    expect(await read({ path: 'image.bin' })).toMatchObject({
      encoding: 'base64',
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]).toString('base64'),
    });
  });

  it('detects Latin-1', async () => {
    expect(await read({ path: 'latin.txt' })).toMatchObject({ encoding: 'latin1', content: 'café\n' });
  });

  it('renders a header line and the content as text', async () => {
    const r = await f.call('desktop_read_file', { path: 'notes.txt' });
    expect(r.text).toBe(`${join(f.root, 'notes.txt')} (12 bytes, utf-8)\nhello\nworld\n`);
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_read_file', { path: '' })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_read_file', { path: 'a\0b' })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_read_file', { path: 'notes.txt', length: 0 })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_read_file', { path: 'image.bin', offset: 1 })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:read', async () => {
    expect((await f.fail('desktop_read_file', { path: 'notes.txt' }, { role: 'monitoring_service' })).code).toBe('E_FORBIDDEN');
  });

  it('refuses paths outside the roots, escaping symlinks and protected files', async () => {
    for (const path of [
      '../outside/secret.txt',
      join(f.outside, 'secret.txt'),
      'leak.txt',
      'key-link',
      '.code-engine/secrets.key',
      'code-engine.yaml',
    ]) {
      const error = await f.fail('desktop_read_file', { path });
      expect(error.code, path).toBe('E_FORBIDDEN');
      expect(error.message).not.toContain(OUTSIDE_SECRET);
      expect(error.message).not.toContain(DATA_SECRET);
    }
  });

  it('answers a missing file, a directory and an oversized whole read with their own codes', async () => {
    expect((await f.fail('desktop_read_file', { path: 'missing.txt' })).code).toBe('E_NOT_FOUND');
    expect((await f.fail('desktop_read_file', { path: 'dir' })).code).toBe('E_VALIDATION');
    const tooBig = await f.fail('desktop_read_file', { path: 'big.log' });
    expect(tooBig).toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
    expect(tooBig.message).toContain('offset');
  });
});
