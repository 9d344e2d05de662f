import { describe, expect, it } from 'vitest';
import {
  parseCpuTimes,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseOsRelease,
  parsePasswd,
  parsePidStat,
  parseStatusUid,
} from './proc-parse.js';

describe('proc parsers', () => {
  it('reads meminfo fields in bytes', () => {
    const m = parseMeminfo('MemTotal:       16384 kB\nMemAvailable:    8192 kB\nHugePages_Total:       0\n');
    expect(m.get('MemTotal')).toBe(16_777_216);
    expect(m.get('MemAvailable')).toBe(8_388_608);
    expect(m.get('HugePages_Total')).toBe(0);
  });

  it('decodes octal escapes in mount points and reads the ro option', () => {
    const [m] = parseMounts('/dev/sdb1 /mnt/my\\040disk ext4 ro,relatime 0 0\n');
    expect(m).toEqual({ device: '/dev/sdb1', mountPoint: '/mnt/my disk', fsType: 'ext4', readOnly: true });
  });

  it('sums the aggregate cpu line with iowait counted as idle', () => {
    expect(parseCpuTimes('cpu  10 0 10 70 10 0 0 0 0 0\ncpu0 1 1 1 1 1 1 1 1\n')).toEqual({ total: 100, idle: 80 });
  });

  it('parses a stat line whose name has spaces and parentheses', () => {
    const line = '4242 (my (odd) proc) S 1 4242 4242 0 -1 4194304 1 0 0 0 150 50 0 0 20 0 7 0 12345 1000000 256 18446744073709551615';
    expect(parsePidStat(line)).toEqual({
      pid: 4242,
      comm: 'my (odd) proc',
      state: 'S',
      ppid: 1,
      cpuTicks: 200,
      threads: 7,
      startTicks: 12345,
      rssPages: 256,
    });
  });

  it('rejects a malformed stat line', () => {
    expect(parsePidStat('garbage')).toBeUndefined();
  });

  it('reads the real uid from status', () => {
    expect(parseStatusUid('Name:\tnode\nUid:\t1000\t1000\t1000\t1000\n')).toBe(1000);
  });

  it('reads interface counters from net/dev', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '  eth0: 1000 10 1 2 0 0 0 0 2000 20 3 4 0 0 0 0',
    ].join('\n');
    expect(parseNetDev(text).get('eth0')).toEqual({
      rxBytes: 1000,
      rxPackets: 10,
      rxErrors: 1,
      rxDropped: 2,
      txBytes: 2000,
      txPackets: 20,
      txErrors: 3,
      txDropped: 4,
    });
  });

  it('maps uids to user names from passwd', () => {
    expect(parsePasswd('root:x:0:0:root:/root:/bin/bash\nbad line\n').get(0)).toBe('root');
  });

  it('unquotes PRETTY_NAME of os-release', () => {
    expect(parseOsRelease('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe(
      'Debian GNU/Linux 12 (bookworm)',
    );
  });
});
