import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPathGuard } from '../../security/path-guard.js';
import {
  assertNoExecOptions,
  assertNoShellSyntax,
  assertPathArguments,
  assertProgramName,
  findShellSyntax,
  forcedOptions,
} from './command-guard.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'ce-cmdguard-')));
const root = join(base, 'root');
mkdirSync(join(root, 'data'), { recursive: true });
symlinkSync('/etc/passwd', join(root, 'passwd-link'));
const guard = createPathGuard({ roots: [root] }).excluding([join(root, 'data')]);
afterAll(() => rmSync(base, { recursive: true, force: true }));

const code = (fn: () => unknown) => {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('command guard: program names', () => {
  it('accepts a name or an absolute path', () => {
    expect(code(() => assertProgramName('git'))).toBeUndefined();
    expect(code(() => assertProgramName('/usr/bin/git'))).toBeUndefined();
  });

  it('refuses command lines, quotes, globs and shell syntax', () => {
    for (const c of ['git status', '"sudo"', "'rm'", '/usr/bin/su*o', 'ls;id', 'echo$IFS', '`id`', '~/bin/x', 'a\\b']) {
      expect(
        code(() => assertProgramName(c)),
        c,
      ).toBe('E_VALIDATION');
    }
  });
});

describe('command guard: shell syntax', () => {
  it('finds separators, substitution, expansion, redirection and line breaks', () => {
    for (const a of [
      'a;b',
      'a&&b',
      'a||b',
      'a|b',
      'a&',
      '`id`',
      '$(id)',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal shell syntax is the test input
      '${IFS}',
      '$HOME',
      '$1',
      '<(id)',
      '>(id)',
      '>out',
      '2>&1',
      '<in',
      'a\nb',
      'a\rb',
    ]) {
      expect(findShellSyntax(a), a).toBeDefined();
    }
  });

  it('lets ordinary arguments through', () => {
    for (const a of ['--format=%H %s', '*.ts', 'HEAD~1', 'a=b', 'price: 5$', 'x>y', "it's", 'C:\\temp', '-n', '']) {
      expect(findShellSyntax(a), a).toBeUndefined();
    }
    expect(code(() => assertNoShellSyntax(['log', '-n', '5']))).toBeUndefined();
  });

  it('refuses with E_VALIDATION and reason shell-syntax', () => {
    expect(() => assertNoShellSyntax(['ok', 'a; touch x'])).toThrow(
      expect.objectContaining({ code: 'E_VALIDATION', details: { reason: 'shell-syntax' } }),
    );
  });
});

describe('command guard: code-running options', () => {
  it('refuses find -exec and friends', () => {
    for (const opt of ['-exec', '-execdir', '-ok', '-okdir', '-fprint', '-delete']) {
      expect(
        code(() => assertNoExecOptions(['/usr/bin/find'], ['.', opt, 'x'])),
        opt,
      ).toBe('E_FORBIDDEN');
    }
  });

  it('refuses git -c, --upload-pack=, rebase --exec and filter-branch', () => {
    for (const args of [
      ['-c', 'alias.x=!sh', 'x'],
      ['clone', '--upload-pack=touch x', 'r'],
      ['rebase', '--exec=touch x'],
      ['rebase', '-x', 'id'],
      ['filter-branch'],
      ['submodule', 'foreach', 'id'],
    ]) {
      expect(
        code(() => assertNoExecOptions(['/usr/bin/git'], args)),
        args.join(' '),
      ).toBe('E_FORBIDDEN');
    }
  });

  it('refuses glued short options (tar -Iprog) and --opt=value forms (rg --pre=x)', () => {
    expect(code(() => assertNoExecOptions(['/usr/bin/tar'], ['-Ish', '-xf', 'a.tar']))).toBe('E_FORBIDDEN');
    expect(code(() => assertNoExecOptions(['/usr/bin/rg'], ['--pre=sh', 'x']))).toBe('E_FORBIDDEN');
  });

  it('leaves ordinary uses alone', () => {
    expect(code(() => assertNoExecOptions(['/usr/bin/git'], ['log', '-n', '5', '--stat']))).toBeUndefined();
    expect(code(() => assertNoExecOptions(['/usr/bin/git'], ['add', '-u']))).toBeUndefined();
    expect(code(() => assertNoExecOptions(['/usr/bin/find'], ['.', '-name', '*.ts']))).toBeUndefined();
    expect(code(() => assertNoExecOptions(['/usr/bin/ls'], ['-exec']))).toBeUndefined();
  });
});

describe('command guard: path arguments', () => {
  const check = (args: string[]) =>
    assertPathArguments(guard, root, args).then(
      () => undefined,
      (e: { code: string }) => e.code,
    );

  it('accepts relative paths, options and words inside the root', async () => {
    expect(await check(['-la', 'src/a.ts', '--format=%H', 'https://example.com/x', 'HEAD~1'])).toBeUndefined();
  });

  it('refuses absolute and relative paths outside the root', async () => {
    for (const a of ['/etc/passwd', '../x', 'a/../../x', '--file=/etc/shadow', '-f/etc/passwd', 'key=/etc/hosts']) {
      expect(await check([a]), a).toBe('E_FORBIDDEN');
    }
  });

  it('refuses a symlink to an outside file and protected paths', async () => {
    expect(await check(['passwd-link'])).toBe('E_FORBIDDEN');
    expect(await check(['data'])).toBe('E_FORBIDDEN');
    expect(await check(['data/secrets.key'])).toBe('E_FORBIDDEN');
  });
});

describe('command guard: forced options', () => {
  it('puts --sandbox in front of sed arguments and nothing in front of others', () => {
    expect(forcedOptions(['/usr/bin/sed'])).toEqual(['--sandbox']);
    expect(forcedOptions(['/usr/bin/ls'])).toEqual([]);
  });
});
