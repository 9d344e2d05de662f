import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, DATA_SECRET, type DesktopFixture } from '../../../test/helpers/desktop.js';
import { sha256 } from './file-facts.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture();
  writeFileSync(join(f.root, 'plain-file'), 'x');
});
afterAll(() => f.close());

type Out = { path: string; sizeBytes: number; sha256: string; created: boolean; previousSha256?: string };
const write = async (input: Record<string, unknown>) => (await f.call('desktop_write_file', input)).output as Out;

describe('desktop_write_file', () => {
  it('creates a file with mode 0644 and reports its hash', async () => {
    const o = await write({ path: 'new.txt', content: 'hello' });
    expect(o).toMatchObject({ path: join(f.root, 'new.txt'), sizeBytes: 5, created: true, sha256: sha256(Buffer.from('hello')) });
    expect(readFileSync(join(f.root, 'new.txt'), 'utf8')).toBe('hello');
    expect(statSync(join(f.root, 'new.txt')).mode & 0o777).toBe(0o644);
  });

  it('replaces a file, keeping its permissions and reporting the previous hash', async () => {
    writeFileSync(join(f.root, 'script.sh'), 'echo 1\n');
    chmodSync(join(f.root, 'script.sh'), 0o755);
    const o = await write({ path: 'script.sh', content: 'echo 2\n' });
    expect(o).toMatchObject({ created: false, previousSha256: sha256(Buffer.from('echo 1\n')) });
    expect(statSync(join(f.root, 'script.sh')).mode & 0o777).toBe(0o755);
  });

  it('replaces only the version the caller read when expectedHash is given', async () => {
    writeFileSync(join(f.root, 'doc.md'), 'v1');
    await write({ path: 'doc.md', content: 'v2', expectedHash: sha256(Buffer.from('v1')) });
    const stale = await f.fail('desktop_write_file', { path: 'doc.md', content: 'v3', expectedHash: sha256(Buffer.from('v1')) });
    expect(stale).toMatchObject({ code: 'E_CONFLICT' });
    expect(readFileSync(join(f.root, 'doc.md'), 'utf8')).toBe('v2');
  });

  it('creates only when expectedHash is "absent"', async () => {
    await write({ path: 'once.txt', content: '1', expectedHash: 'absent' });
    expect((await f.fail('desktop_write_file', { path: 'once.txt', content: '2', expectedHash: 'absent' })).code).toBe('E_CONFLICT');
  });

  it('writes base64 content as bytes', async () => {
    await write({ path: 'bytes.bin', content: Buffer.from([0, 1, 255]).toString('base64'), encoding: 'base64' });
    expect([...readFileSync(join(f.root, 'bytes.bin'))]).toEqual([0, 1, 255]);
  });

  it('creates missing directories only when asked', async () => {
    expect((await f.fail('desktop_write_file', { path: 'a/b/c.txt', content: 'x' })).code).toBe('E_NOT_FOUND');
    await write({ path: 'a/b/c.txt', content: 'x', createDirectories: true });
    expect(readFileSync(join(f.root, 'a/b/c.txt'), 'utf8')).toBe('x');
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_write_file', { path: 'x.txt' })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_write_file', { path: 'x.txt', content: 'x', expectedHash: 'abc' })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_write_file', { path: 'x.txt', content: '%%%', encoding: 'base64' })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:write', async () => {
    expect((await f.fail('desktop_write_file', { path: 'v.txt', content: 'x' }, { role: 'viewer' })).code).toBe('E_FORBIDDEN');
  });

  it('needs confirmation, being destructive', async () => {
    expect((await f.fail('desktop_write_file', { path: 'c.txt', content: 'x' }, { confirmed: false })).code).toBe('E_APPROVAL_REQUIRED');
  });

  it('never writes the config file, the data dir or outside the roots', async () => {
    for (const path of [
      'code-engine.yaml',
      '.code-engine/secrets.key',
      '.code-engine/new',
      '../outside/x.txt',
      'code-engine.yml/../code-engine.yaml',
    ]) {
      expect((await f.fail('desktop_write_file', { path, content: 'gateway: { mode: full }' })).code, path).toBe('E_FORBIDDEN');
    }
    expect(readFileSync(join(f.dataDir, 'secrets.key'), 'utf8')).toBe(DATA_SECRET);
  });

  it('answers a directory in the way with E_CONFLICT and a file in the way with E_NOT_FOUND', async () => {
    mkdirSync(join(f.root, 'somedir'));
    expect((await f.fail('desktop_write_file', { path: 'somedir', content: 'x' })).code).toBe('E_CONFLICT');
    expect((await f.fail('desktop_write_file', { path: 'plain-file/child.txt', content: 'x' })).code).toBe('E_NOT_FOUND');
  });
});
