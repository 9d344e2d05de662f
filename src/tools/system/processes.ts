/**
 * `system_processes`: the top N processes by CPU or memory, read from /proc/<pid>/{stat,status,cmdline} (Linux)
 * with CPU usage measured over a sample interval like top(1), or averaged over each process's life like ps(1).
 */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { redactString } from '../../security/redact.js';
import { type HostContext, requireProc } from './host-deps.js';
import { type PidStat, parsePasswd, parsePidStat, parseStatusUid } from './proc-parse.js';

/** USER_HZ: the unit of /proc tick counts, fixed at 100 by the Linux ABI on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;
/** Page size of x86-64 and most arm64 kernels; rss in /proc/<pid>/stat is counted in pages. */
const PAGE_BYTES = 4096;
const MAX_COMMAND_CHARS = 512;

const processRow = z.object({
  pid: z.number().int(),
  ppid: z.number().int(),
  name: z.string(),
  user: z.string().describe('User name, or the uid when it has none'),
  state: z.string().describe('R running, S sleeping, D disk wait, Z zombie, T stopped, I idle'),
  cpuPercent: z.number().describe('Share of one core (like top: a busy 4-thread process can show 400)'),
  memoryBytes: z.number().describe('Resident set size'),
  memoryPercent: z.number(),
  threads: z.number().int(),
  startedAt: z.string().describe('ISO 8601'),
  command: z.string().describe(`Command line, secrets redacted, at most ${MAX_COMMAND_CHARS} characters`),
});
type ProcessRow = z.infer<typeof processRow>;

const output = z.object({
  processes: z.array(processRow),
  total: z.number().int().describe('Processes on the host'),
  sortedBy: z.enum(['cpu', 'memory']),
  sampleMs: z.number().int(),
});

async function snapshot(ctx: HostContext): Promise<Map<number, PidStat>> {
  const entries = await readdir(ctx.settings.procRoot).catch(() => [] as string[]);
  const pids = entries.filter((e) => /^\d+$/.test(e));
  const stats = await Promise.all(pids.map(async (pid) => ctx.proc(`${pid}/stat`).then((t) => (t ? parsePidStat(t) : undefined))));
  return new Map(stats.filter((s): s is PidStat => s !== undefined).map((s) => [s.pid, s]));
}

/** Build `system_processes`. */
export function processesOp(ctx: HostContext): Operation {
  const max = ctx.settings.maxProcesses;
  return defineOperation({
    name: 'system_processes',
    title: 'Top processes',
    description:
      `The top processes by CPU or memory (Linux /proc), with user, state, threads, start time and command line (secrets redacted). ` +
      `CPU is measured over sampleMs like top, or averaged over each process's life like ps when sampleMs is 0. At most ${max} rows.`,
    input: z.object({
      sortBy: z.enum(['cpu', 'memory']).default('cpu').describe('Order by CPU usage or resident memory, highest first'),
      limit: z.coerce.number().int().min(1).max(max).default(10).describe(`How many processes (1–${max}, default 10)`),
      sampleMs: z.coerce
        .number()
        .int()
        .min(0)
        .max(5_000)
        .optional()
        .describe(`CPU sample interval in ms (0 = lifetime average). Default: system.cpuSampleMs (${ctx.settings.cpuSampleMs})`),
    }),
    output,
    permission: 'system:read',
    effects: 'read',
    http: { method: 'GET', path: '/api/system/processes' },
    example: { sortBy: 'memory', limit: 5 },
    render: (o) =>
      [
        `${o.total} processes, top ${o.processes.length} by ${o.sortedBy}:`,
        ...o.processes.map(
          (p) =>
            `${String(p.pid).padStart(7)} ${p.user.padEnd(10)} ${p.cpuPercent.toFixed(1).padStart(6)}% ${(p.memoryBytes / 1048576).toFixed(0).padStart(7)} MiB  ${p.name}`,
        ),
      ].join('\n'),
    run: async (input, { signal }) => {
      await requireProc(ctx, 'system_processes');
      const sampleMs = input.sampleMs ?? ctx.settings.cpuSampleMs;
      const [before, passwdText, meminfo] = await Promise.all([snapshot(ctx), ctx.etc('passwd'), ctx.proc('meminfo')]);
      if (sampleMs > 0) await ctx.wait(sampleMs, signal);
      const after = sampleMs > 0 ? await snapshot(ctx) : before;
      const users = passwdText ? parsePasswd(passwdText) : new Map<number, string>();
      const totalMem = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo ?? '')?.[1] ?? 0) * 1024 || os.totalmem();
      const uptimeTicks = Number((await ctx.proc('uptime'))?.split(/\s+/)[0] ?? os.uptime()) * TICKS_PER_SECOND;
      const bootMs = ctx.clock.now() - uptimeTicks * (1000 / TICKS_PER_SECOND);

      const rows = [...after.values()].map((s) => {
        const prev = before.get(s.pid);
        const cpuPercent =
          sampleMs > 0
            ? prev && prev.startTicks === s.startTicks
              ? ((s.cpuTicks - prev.cpuTicks) / TICKS_PER_SECOND / (sampleMs / 1000)) * 100
              : 0
            : (s.cpuTicks / Math.max(1, uptimeTicks - s.startTicks)) * 100;
        return { stat: s, cpuPercent: Math.max(0, Math.round(cpuPercent * 10) / 10), memoryBytes: s.rssPages * PAGE_BYTES };
      });
      rows.sort((a, b) =>
        input.sortBy === 'cpu' ? b.cpuPercent - a.cpuPercent || b.memoryBytes - a.memoryBytes : b.memoryBytes - a.memoryBytes,
      );
      const top = rows.slice(0, input.limit);
      const processes: ProcessRow[] = await Promise.all(
        top.map(async ({ stat, cpuPercent, memoryBytes }) => {
          const [status, cmdline] = await Promise.all([ctx.proc(`${stat.pid}/status`), ctx.proc(`${stat.pid}/cmdline`)]);
          const uid = status ? parseStatusUid(status) : undefined;
          const command = cmdline ? cmdline.replace(/\0+$/, '').replace(/\0/g, ' ') : '';
          return {
            pid: stat.pid,
            ppid: stat.ppid,
            name: stat.comm,
            user: uid === undefined ? '?' : (users.get(uid) ?? String(uid)),
            state: stat.state,
            cpuPercent,
            memoryBytes,
            memoryPercent: totalMem > 0 ? Math.round((memoryBytes / totalMem) * 1000) / 10 : 0,
            threads: stat.threads,
            startedAt: new Date(bootMs + stat.startTicks * (1000 / TICKS_PER_SECOND)).toISOString(),
            // Command lines carry tokens and passwords (`--password=…`, URLs with credentials): redact before showing.
            command: redactString(command || `[${stat.comm}]`).slice(0, MAX_COMMAND_CHARS),
          };
        }),
      );
      return { processes, total: after.size, sortedBy: input.sortBy, sampleMs };
    },
  });
}
