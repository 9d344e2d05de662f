import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';
import { sha256 } from './file-facts.js';

let f: DesktopFixture;
beforeAll(async () => {
  f = await createDesktopFixture();
});
afterAll(() => f.close());

type Out = { diff: string; changed: boolean; dryRun: boolean; occurrences: number[]; sha256: string; previousSha256: string };
const edit = async (input: Record<string, unknown>) => (await f.call('desktop_edit_file', input)).output as Out;
const file = (name: string, content: string | Buffer) => {
  writeFileSync(join(f.root, name), content);
  return name;
};

describe('desktop_edit_file', () => {
  it('replaces exact text and returns a unified diff', async () => {
    const path = file('app.ts', 'const a = 1;\nconst retries = 3;\nconst b = 2;\n');
    const o = await edit({ path, edits: [{ oldText: 'const retries = 3;', newText: 'const retries = 5;' }] });
    expect(o.changed).toBe(true);
    expect(o.diff).toContain('-const retries = 3;\n+const retries = 5;');
    expect(readFileSync(join(f.root, path), 'utf8')).toBe('const a = 1;\nconst retries = 5;\nconst b = 2;\n');
  });

  it('shows the diff without writing on a dry run', async () => {
    const path = file('dry.txt', 'one\ntwo\n');
    const o = await edit({ path, edits: [{ oldText: 'two', newText: 'TWO' }], dryRun: true });
    expect(o).toMatchObject({ dryRun: true, changed: true });
    expect(o.diff).toContain('+TWO');
    expect(readFileSync(join(f.root, path), 'utf8')).toBe('one\ntwo\n');
  });

  it('applies several edits in order and replaceAll', async () => {
    const path = file('multi.txt', 'a a a\nb\n');
    const o = await edit({
      path,
      edits: [
        { oldText: 'a', newText: 'x', replaceAll: true },
        { oldText: 'b', newText: 'y' },
      ],
    });
    expect(o.occurrences).toEqual([3, 1]);
    expect(readFileSync(join(f.root, path), 'utf8')).toBe('x x x\ny\n');
  });

  it('keeps CRLF line endings, a BOM, the encoding and permissions', async () => {
    const path = file('win.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('first\r\nsecond\r\n')]));
    chmodSync(join(f.root, path), 0o640);
    await edit({ path, edits: [{ oldText: 'first\nsecond', newText: 'erste\nzweite' }] });
    expect(readFileSync(join(f.root, path))).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('erste\r\nzweite\r\n')]));
    expect(statSync(join(f.root, path)).mode & 0o777).toBe(0o640);
  });

  it('refuses an ambiguous oldText with E_VALIDATION', async () => {
    const path = file('dup.txt', 'x\nx\n');
    const error = await f.fail('desktop_edit_file', { path, edits: [{ oldText: 'x', newText: 'y' }] });
    expect(error).toMatchObject({ code: 'E_VALIDATION' });
    expect(error.message).toContain('occurs 2 times');
  });

  it('refuses bad arguments with E_VALIDATION', async () => {
    expect((await f.fail('desktop_edit_file', { path: 'dup.txt', edits: [] })).code).toBe('E_VALIDATION');
    expect((await f.fail('desktop_edit_file', { path: 'dup.txt', edits: [{ oldText: '', newText: 'y' }] })).code).toBe('E_VALIDATION');
  });

  it('answers text that is not there, or a changed file, with E_CONFLICT and writes nothing', async () => {
    const path = file('stale.txt', 'current\n');
    expect((await f.fail('desktop_edit_file', { path, edits: [{ oldText: 'old', newText: 'new' }] })).code).toBe('E_CONFLICT');
    const stale = sha256(Buffer.from('previous\n'));
    expect((await f.fail('desktop_edit_file', { path, edits: [{ oldText: 'current', newText: 'x' }], expectedHash: stale })).code).toBe(
      'E_CONFLICT',
    );
    expect(readFileSync(join(f.root, path), 'utf8')).toBe('current\n');
  });

  it('refuses binary files', async () => {
    const path = file('blob.bin', Buffer.from([0, 1, 2, 0, 0]));
    expect((await f.fail('desktop_edit_file', { path, edits: [{ oldText: 'a', newText: 'b' }] })).code).toBe('E_VALIDATION');
  });

  it('refuses a caller without desktop:write', async () => {
    expect((await f.fail('desktop_edit_file', { path: 'dup.txt', edits: [{ oldText: 'x', newText: 'y' }] }, { role: 'viewer' })).code).toBe(
      'E_FORBIDDEN',
    );
  });

  it('never edits the config file (self-escalation)', async () => {
    const error = await f.fail('desktop_edit_file', {
      path: 'code-engine.yaml',
      edits: [{ oldText: 'allow: []', newText: 'allow: [sh]' }],
    });
    expect(error.code).toBe('E_FORBIDDEN');
    expect(readFileSync(f.configFile, 'utf8')).toContain('allow: []');
  });

  it('answers a missing file with E_NOT_FOUND', async () => {
    expect((await f.fail('desktop_edit_file', { path: 'nope.txt', edits: [{ oldText: 'a', newText: 'b' }] })).code).toBe('E_NOT_FOUND');
  });
});
