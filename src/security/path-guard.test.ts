import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPathTree, INSIDE_TEXT, type PathTree } from '../../test/helpers/path-tree.js';
import { isAppError } from '../core/errors.js';
import { createPathGuard, type PathGuard } from './path-guard.js';
import { isWithin } from './path-resolve.js';

interface Payload {
  input: string;
  expect: 'allow' | 'deny';
  why: string;
}
const corpus = JSON.parse(readFileSync(new URL('../../test/fixtures/attacks/path-traversal.json', import.meta.url), 'utf8')) as {
  payloads: Payload[];
};

let tree: PathTree;
let guard: PathGuard;
beforeAll(() => {
  tree = createPathTree();
  guard = createPathGuard({ roots: [tree.root] });
});
afterAll(() => tree.remove());

async function outcome(input: string): Promise<{ real?: string; code?: string }> {
  try {
    return { real: await guard.resolve(input) };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { code: e.code };
  }
}

describe('path guard: attack corpus', () => {
  it('holds at least 100 payloads', () => {
    expect(corpus.payloads.length).toBeGreaterThanOrEqual(100);
  });

  it.each(corpus.payloads.map((p) => [p.why, p] as const))('%s', async (_why, payload) => {
    const result = await outcome(tree.expand(payload.input));
    if (payload.expect === 'deny') {
      expect(result.code, `payload ${JSON.stringify(payload.input)}`).toMatch(/^E_(FORBIDDEN|VALIDATION)$/);
    } else {
      expect(result.code, `payload ${JSON.stringify(payload.input)}`).toBeUndefined();
      expect(isWithin(tree.root, result.real!)).toBe(true);
    }
  });
});

describe('path guard: resolution', () => {
  it('compares whole components, so a prefix sibling is outside', () => {
    expect(guard.contains(`${tree.root}-evil/x`)).toBe(false);
    expect(guard.contains(`${tree.root}/x`)).toBe(true);
  });

  it('resolves an in-root symlink to its real target', async () => {
    expect(await guard.resolve('link-in/inner.txt')).toBe(join(tree.root, 'sub', 'inner.txt'));
  });

  it('resolves a path that does not exist below its nearest existing parent', async () => {
    expect(await guard.resolve('link-in/new/file.txt')).toBe(join(tree.root, 'sub', 'new', 'file.txt'));
  });

  it('resolves relative inputs against a base inside the roots', async () => {
    expect(await guard.resolve('inner.txt', { base: 'sub' })).toBe(join(tree.root, 'sub', 'inner.txt'));
  });

  it('rejects a base outside the roots', async () => {
    await expect(guard.resolve('secret.txt', { base: tree.outside })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('accepts any of several roots', async () => {
    const two = createPathGuard({ roots: [tree.root, tree.outside] });
    expect(await two.resolve(join(tree.outside, 'secret.txt'))).toBe(join(tree.outside, 'secret.txt'));
  });

  it('does not echo more than 200 characters of the input in its message', async () => {
    const error = await guard.resolve(`/${'x'.repeat(1000)}`).catch((e: Error) => e);
    expect((error as Error).message.length).toBeLessThan(300);
  });

  it('fails with E_CONFIG for a missing root', () => {
    expect(() => createPathGuard({ roots: [join(tree.base, 'missing')] })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });

  it('creates a missing root when asked', () => {
    const created = createPathGuard({ roots: [join(tree.base, 'made')], createRoots: true });
    expect(created.roots).toEqual([join(tree.base, 'made')]);
  });

  it('fails with E_CONFIG when there is no root', () => {
    expect(() => createPathGuard({ roots: [] })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
  });
});

describe('path guard: case sensitivity', () => {
  it('detects that the temp filesystem is case-sensitive', () => {
    expect(guard.caseInsensitive).toBe(false);
  });

  it('rejects a case-changed root on a case-sensitive filesystem', async () => {
    await expect(guard.resolve(tree.root.toUpperCase())).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('folds case when configured case-insensitive', () => {
    const folded = createPathGuard({ roots: [tree.root], caseInsensitive: true });
    expect(folded.contains(join(tree.root.toUpperCase(), 'FILE.TXT'))).toBe(true);
    expect(folded.contains(`${tree.root.toUpperCase()}-EVIL`)).toBe(false);
  });
});

describe('path guard: file helpers', () => {
  it('reads a file inside the roots', async () => {
    expect((await guard.readFile('sub/inner.txt')).toString()).toBe(INSIDE_TEXT);
  });

  it('refuses to read through an escaping symlink', async () => {
    await expect(guard.readFile('link-file-out')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses a file larger than maxBytes', async () => {
    await expect(guard.readFile('file.txt', { maxBytes: 4 })).rejects.toMatchObject({ code: 'E_PAYLOAD_TOO_LARGE' });
  });

  it('refuses to read a directory', async () => {
    await expect(guard.readFile('sub')).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });

  it('reports a missing file as E_NOT_FOUND', async () => {
    await expect(guard.readFile('missing.txt')).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('writes atomically and returns the real path', async () => {
    const written = await guard.writeFile('written.txt', 'hello');
    expect(readFileSync(written, 'utf8')).toBe('hello');
  });

  it('creates new files with mode 0600 by default', async () => {
    await guard.writeFile('private.txt', 'x');
    expect((await guard.stat('private.txt')).mode & 0o777).toBe(0o600);
  });

  it('creates parent directories when asked', async () => {
    const written = await guard.writeFile('made/deeper/file.txt', 'x', { mkdirs: true });
    expect(written).toBe(join(tree.root, 'made', 'deeper', 'file.txt'));
  });

  it('refuses to write through a dangling symlink that points outside', async () => {
    await expect(guard.writeFile('dangling-out', 'pwned')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('writes through a dangling symlink whose target is inside', async () => {
    expect(await guard.writeFile('dangling-in', 'ok')).toBe(join(tree.root, 'new-target.txt'));
  });

  it('leaves no temp file behind when the rename fails', async () => {
    await expect(guard.writeFile('sub', 'x')).rejects.toMatchObject({ code: expect.stringMatching(/E_CONFLICT|E_INTERNAL/) });
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(tree.root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('stats through the guard', async () => {
    expect((await guard.stat('link-in')).isDirectory()).toBe(true);
  });

  it('opens a handle for reading', async () => {
    const handle = await guard.openForRead('file.txt');
    try {
      expect((await handle.readFile()).toString()).toBe(INSIDE_TEXT);
    } finally {
      await handle.close();
    }
  });
});

describe('path guard: no check-then-use window', () => {
  // A guard whose check passes but whose path is swapped afterwards: the open must catch it.
  const swappedGuard = (path: string): PathGuard => ({ ...guard, resolve: async () => path });

  it('refuses a final component swapped for a symlink after the check (O_NOFOLLOW)', async () => {
    const at = join(tree.root, 'swapped-file');
    symlinkSync(join(tree.outside, 'secret.txt'), at);
    const { guardedReadFile } = await import('./guarded-fs.js');
    await expect(guardedReadFile(swappedGuard(at), 'swapped-file', {})).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses a directory swapped for an escaping symlink after the check (descriptor re-check)', async () => {
    const { guardedReadFile } = await import('./guarded-fs.js');
    const viaLink = join(tree.root, 'link-out', 'secret.txt');
    await expect(guardedReadFile(swappedGuard(viaLink), 'x', {})).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('refuses a write whose directory is swapped after the check', async () => {
    const { guardedWriteFile } = await import('./guarded-fs.js');
    const { systemIds } = await import('../core/deps.js');
    const viaLink = join(tree.root, 'link-out', 'planted.txt');
    await expect(guardedWriteFile(swappedGuard(viaLink), 'x', 'pwned', {}, systemIds)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(tree.outside, 'planted.txt'))).toBe(false);
  });

  it('refuses a FIFO without hanging', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(tree.root, 'fifo')]);
    await expect(guard.readFile('fifo')).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });
});
