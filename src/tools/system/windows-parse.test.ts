import { describe, expect, it } from 'vitest';
import { parseRegQuery, parseScQuery } from './windows-parse.js';

describe('Windows output parsers', () => {
  it('reads values and subkeys of reg query', () => {
    const text = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      '    ProductName    REG_SZ    Windows 10 Pro',
      '    Current Build    REG_SZ    19045',
      '    InstallDate    REG_DWORD    0x5f5e100',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Accessibility',
      '',
    ].join('\r\n');
    expect(parseRegQuery(text)).toEqual([
      {
        key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
        values: [
          { name: 'ProductName', type: 'REG_SZ', data: 'Windows 10 Pro' },
          { name: 'Current Build', type: 'REG_SZ', data: '19045' },
          { name: 'InstallDate', type: 'REG_DWORD', data: '0x5f5e100' },
        ],
        subkeys: ['HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Accessibility'],
      },
    ]);
  });

  it('reads state, type and pid of sc queryex', () => {
    const text = [
      'SERVICE_NAME: wuauserv',
      '        TYPE               : 20  WIN32_SHARE_PROCESS',
      '        STATE              : 4  RUNNING',
      '                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)',
      '        WIN32_EXIT_CODE    : 0  (0x0)',
      '        SERVICE_EXIT_CODE  : 0  (0x0)',
      '        CHECKPOINT         : 0x0',
      '        WAIT_HINT          : 0x0',
      '        PID                : 1234',
      '        FLAGS              :',
    ].join('\r\n');
    expect(parseScQuery(text)).toEqual({
      name: 'wuauserv',
      state: 'RUNNING',
      stateCode: 4,
      type: 'WIN32_SHARE_PROCESS',
      pid: 1234,
      win32ExitCode: 0,
    });
  });
});
