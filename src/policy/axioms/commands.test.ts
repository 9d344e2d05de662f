import { describe, expect, it } from 'vitest';
import { fire } from './test-kit.js';

const exec = (args: Record<string, unknown>, operation = 'desktop_execute_command') => ({
  operation,
  effects: 'external' as const,
  arguments: args,
});

describe('AX-04 command arguments contain no shell metacharacters', () => {
  it.each([
    ['plain arguments', { command: 'ls', args: ['-la', 'reports'] }, false],
    ['a semicolon', { command: 'ls', args: ['a; rm -rf /'] }, true],
    ['a pipe in the command', { command: 'ls | sh' }, true],
    ['command substitution', { command: 'echo', args: ['$(id)'] }, true],
    ['backticks', { command: 'echo', args: ['`id`'] }, true],
    ['a redirect', { command: 'cat', args: ['x', '>', '/etc/passwd'] }, true],
    ['a newline', { command: 'ls', args: ['a\nid'] }, true],
    ['a NUL byte', { command: 'ls', args: ['a\0b'] }, true],
    ['a glob', { command: 'rm', args: ['*.log'] }, true],
    ['an equals sign and dashes', { command: 'git', args: ['log', '--format=%H', '-n', '5'] }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-04', exec(args)))).toBe(fires);
  });

  it('applies only to command-running operations', async () => {
    expect(await fire('AX-04', exec({ command: 'a;b' }, 'experts_consult'))).toBeUndefined();
  });

  it('lets configured characters through', async () => {
    const c = { ...exec({ command: 'ls', args: ['*.log'] }), settings: { commands: { allowCharacters: '*?' } } };
    expect(await fire('AX-04', c)).toBeUndefined();
  });

  it('always refuses newlines, whatever is allowed', async () => {
    const c = { ...exec({ command: 'ls', args: ['a\nb'] }), settings: { commands: { allowCharacters: '\n' } } };
    expect(await fire('AX-04', c)).toBeDefined();
  });
});

describe('AX-05 operands cannot inject options', () => {
  it.each([
    ['a URL operand', 'git_clone', { url: 'https://github.com/acme/api.git' }, false],
    ['an option as URL', 'git_clone', { url: '--upload-pack=touch /tmp/x' }, true],
    ['an option as ref', 'git_checkout', { ref: '-f' }, true],
    ['an option among files', 'desktop_execute_command', { command: 'tar', files: ['a', '--checkpoint=1'] }, true],
    ['a dangerous flag in argv', 'desktop_execute_command', { command: 'tar', args: ['--to-command=sh'] }, true],
    ['an ssh ProxyCommand', 'ssh_run_command', { command: 'ssh', args: ['-oProxyCommand=sh -c id', 'host'] }, true],
    ['ordinary options in argv', 'desktop_execute_command', { command: 'ls', args: ['-la'] }, false],
    ['a non-command operation', 'experts_consult', { ref: '-x' }, false],
  ])('%s → fires: %s', async (_, operation, args, fires) => {
    expect(Boolean(await fire('AX-05', exec(args, operation)))).toBe(fires);
  });
});

describe('AX-06 no shells, launchers or inline-code interpreters', () => {
  it.each([
    ['a plain program', { command: 'ls' }, false],
    ['sh', { command: 'sh', args: ['-c', 'id'] }, true],
    ['bash by path', { command: '/bin/bash' }, true],
    ['a launcher', { command: 'env', args: ['FOO=1', 'ls'] }, true],
    ['sudo', { command: 'sudo', args: ['ls'] }, true],
    ['cmd.exe', { command: 'C:\\Windows\\System32\\cmd.exe' }, true],
    ['python -c', { command: 'python3', args: ['-c', 'print(1)'] }, true],
    ['python3.11 -c', { command: '/usr/bin/python3.11', args: ['-c', 'x'] }, true],
    ['node -e in the command string', { command: 'node -e "x"' }, true],
    ['perl -ne', { command: 'perl', args: ['-ne', 'print'] }, true],
    ['python with a script', { command: 'python3', args: ['scripts/report.py'] }, false],
    ['node --version', { command: 'node', args: ['--version'] }, false],
  ])('%s → fires: %s', async (_, args, fires) => {
    expect(Boolean(await fire('AX-06', exec(args)))).toBe(fires);
  });
});
