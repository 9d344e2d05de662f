/**
 * Pure parsers of the Linux proc files the host tools read (proc(5)): meminfo, mounts, stat, <pid>/stat,
 * <pid>/status, net/dev and /etc/passwd. They take text and never touch the filesystem.
 */

/** `/proc/meminfo` as bytes by field name (`MemTotal`, `MemAvailable`, `SwapFree`, …). */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]) * (line.trimEnd().endsWith('kB') ? 1024 : 1));
  }
  return out;
}

/** One line of `/proc/<pid>/mounts`. */
export interface MountEntry {
  device: string;
  mountPoint: string;
  fsType: string;
  readOnly: boolean;
}

/** fstab(5) escapes spaces, tabs, newlines and backslashes in paths as octal (`\040`). */
const unescapeOctal = (s: string) => s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));

/** `/proc/self/mounts`. */
export function parseMounts(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mountPoint, fsType, options] = line.trim().split(/\s+/);
    if (!device || !mountPoint || !fsType) continue;
    out.push({
      device: unescapeOctal(device),
      mountPoint: unescapeOctal(mountPoint),
      fsType,
      readOnly: (options ?? '').split(',').includes('ro'),
    });
  }
  return out;
}

/** Aggregate CPU time from the `cpu` line of `/proc/stat`, in clock ticks. */
export interface CpuTimes {
  total: number;
  /** idle + iowait. */
  idle: number;
}

/** The first (`cpu `) line of `/proc/stat`; undefined when it is missing. */
export function parseCpuTimes(text: string): CpuTimes | undefined {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user/nice).
  const total = fields.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return { total, idle: (fields[3] ?? 0) + (fields[4] ?? 0) };
}

/** The fields of `/proc/<pid>/stat` the process listing uses. */
export interface PidStat {
  pid: number;
  /** The executable name (at most 15 characters, may contain spaces and parentheses). */
  comm: string;
  state: string;
  ppid: number;
  /** User + system CPU time in clock ticks. */
  cpuTicks: number;
  threads: number;
  /** Start time in clock ticks after boot. */
  startTicks: number;
  /** Resident set size in pages. */
  rssPages: number;
}

/** `/proc/<pid>/stat`; undefined when malformed. The name sits between the first `(` and the last `)`. */
export function parsePidStat(text: string): PidStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field n is rest[n - 3].
  const field = (n: number) => Number(rest[n - 3]);
  const stat: PidStat = {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: field(4),
    cpuTicks: field(14) + field(15),
    threads: field(20),
    startTicks: field(22),
    rssPages: field(24),
  };
  return Number.isInteger(stat.pid) && Number.isFinite(stat.cpuTicks) ? stat : undefined;
}

/** The real uid from the `Uid:` line of `/proc/<pid>/status`. */
export function parseStatusUid(text: string): number | undefined {
  const m = /^Uid:\s+(\d+)/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Counters of one interface in `/proc/net/dev`. */
export interface NetDevCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

/** `/proc/net/dev`: two header lines, then `name: rx(8 fields) tx(8 fields)`. */
export function parseNetDev(text: string): Map<string, NetDevCounters> {
  const out = new Map<string, NetDevCounters>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    if (f.length < 16 || f.some((n) => !Number.isFinite(n))) continue;
    out.set(line.slice(0, colon).trim(), {
      rxBytes: f[0]!,
      rxPackets: f[1]!,
      rxErrors: f[2]!,
      rxDropped: f[3]!,
      txBytes: f[8]!,
      txPackets: f[9]!,
      txErrors: f[10]!,
      txDropped: f[11]!,
    });
  }
  return out;
}

/** `/etc/passwd` as uid → user name. */
export function parsePasswd(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid && /^\d+$/.test(uid)) out.set(Number(uid), name);
  }
  return out;
}

/** `PRETTY_NAME` of os-release(5), unquoted. */
export function parseOsRelease(text: string): string | undefined {
  const m = /^PRETTY_NAME=(.*)$/m.exec(text);
  return m ? m[1]!.trim().replace(/^(["'])(.*)\1$/, '$2') : undefined;
}
