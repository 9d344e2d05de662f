import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fire, TEST_ROOT } from './test-kit.js';

const read = (args: Record<string, unknown>, operation = 'desktop_read_file') => ({ operation, effects: 'read' as const, arguments: args });

describe('AX-02 file operations stay inside the configured roots', () => {
  symlinkSync('/etc', join(TEST_ROOT, 'notes', 'escape'));

  it.each([
    ['a relative path inside the root', read({ path: 'notes/todo.md' }), false],
    ['an absolute path inside the root', read({ path: join(TEST_ROOT, 'notes') }), false],
    ['an absolute path outside', read({ path: '/etc/passwd' }), true],
    ['a symlink leading outside', read({ path: 'notes/escape/passwd' }), true],
    ['one bad path in a list', read({ paths: ['notes/a', '/root/.ssh/id_rsa'] }), true],
    ['a nested path key', read({ files: [{ path: '/etc/shadow' }] }), true],
    ['a destination outside', read({ source: 'notes/a', destination: '/tmp/x' }, 'desktop_copy_file'), true],
    ['a non-file operation', read({ path: '/etc/passwd' }, 'kubernetes_get_pod'), false],
  ])('%s → fires: %s', async (_, c, fires) => {
    expect((await fire('AX-02', c))?.effect).toBe(fires ? 'deny' : undefined);
  });

  it('names the path and the config key in its reason', async () => {
    expect((await fire('AX-02', read({ path: '/etc/passwd' })))?.reason).toMatch(/"\/etc\/passwd".*security\.files\.roots/);
  });

  it('refuses more paths than it checks', async () => {
    expect(await fire('AX-02', read({ paths: Array.from({ length: 65 }, (_, i) => `notes/${i}`) }))).toBeDefined();
  });
});

describe('AX-03 path arguments carry no traversal, NUL bytes or home shorthand', () => {
  it.each([
    ['a plain relative path', 'reports/today.md', false],
    ['a file named like dots', 'reports/..hidden', false],
    ['a parent segment', 'reports/../../etc/passwd', true],
    ['a Windows parent segment', 'reports\\..\\secret', true],
    ['a NUL byte', 'reports/a\0.md', true],
    ['home shorthand', '~/.ssh/id_rsa', true],
  ])('%s → fires: %s', async (_, path, fires) => {
    expect(Boolean(await fire('AX-03', read({ path })))).toBe(fires);
  });
});
