/**
 * `system_info`: the host's operating system, CPU, memory, load and uptime, from Node's `os` module with the
 * Linux proc filesystem filling in what `os` lacks (available memory, swap, CPU usage) where it is readable.
 */
import os from 'node:os';
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { HostContext } from './host-deps.js';
import { type CpuTimes, parseCpuTimes, parseMeminfo, parseOsRelease } from './proc-parse.js';

const output = z.object({
  hostname: z.string(),
  os: z.object({
    platform: z.string(),
    type: z.string(),
    release: z.string(),
    version: z.string(),
    arch: z.string(),
    distribution: z.string().optional().describe('PRETTY_NAME of /etc/os-release, when present'),
  }),
  cpu: z.object({
    model: z.string(),
    cores: z.number().int(),
    speedMHz: z.number(),
    usagePercent: z.number().optional().describe('Busy share of all cores over the sample interval (or since boot), 0–100'),
  }),
  memory: z.object({
    totalBytes: z.number(),
    freeBytes: z.number(),
    availableBytes: z.number().describe('Memory available to new programs without swapping (MemAvailable on Linux)'),
    usedBytes: z.number().describe('totalBytes − availableBytes'),
    usedPercent: z.number(),
    swapTotalBytes: z.number().optional(),
    swapFreeBytes: z.number().optional(),
  }),
  load: z.object({ one: z.number(), five: z.number(), fifteen: z.number() }).describe('Load averages (always 0 on Windows)'),
  uptimeSeconds: z.number(),
  bootTime: z.string().describe('ISO 8601'),
});

type Info = z.infer<typeof output>;

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const gib = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;

/** Busy share of all CPUs between two reads of /proc/stat `sampleMs` apart, or since boot when 0. */
async function cpuUsage(ctx: HostContext, sampleMs: number, signal: AbortSignal): Promise<number | undefined> {
  const read = async (): Promise<CpuTimes | undefined> => {
    const text = await ctx.proc('stat');
    return text ? parseCpuTimes(text) : undefined;
  };
  const before = sampleMs > 0 ? await read() : { total: 0, idle: 0 };
  if (!before) return undefined;
  if (sampleMs > 0) await ctx.wait(sampleMs, signal);
  const after = await read();
  if (!after) return undefined;
  const total = after.total - before.total;
  const idle = after.idle - before.idle;
  return total > 0 ? round1(Math.min(100, Math.max(0, (1 - idle / total) * 100))) : undefined;
}

/** Build `system_info`. */
export function systemInfoOp(ctx: HostContext): Operation {
  return defineOperation({
    name: 'system_info',
    title: 'Host information',
    description:
      'The host code-engine runs on: OS and distribution, CPU model, cores and usage, memory and swap, load averages, uptime and boot time. ' +
      'CPU usage is measured over sampleMs (Linux only; absent elsewhere).',
    input: z.object({
      sampleMs: z.coerce
        .number()
        .int()
        .min(0)
        .max(5_000)
        .optional()
        .describe(`CPU usage sample interval in ms (0 = average since boot). Default: system.cpuSampleMs (${ctx.settings.cpuSampleMs})`),
    }),
    output,
    permission: 'system:read',
    effects: 'read',
    http: { method: 'GET', path: '/api/system/info' },
    example: { sampleMs: 200 },
    render: (o: Info) =>
      [
        `${o.hostname}: ${o.os.distribution ?? `${o.os.type} ${o.os.release}`} (${o.os.arch}), up ${Math.floor(o.uptimeSeconds / 3600)} h`,
        `CPU: ${o.cpu.cores} × ${o.cpu.model}${o.cpu.usagePercent !== undefined ? `, ${o.cpu.usagePercent}% busy` : ''}`,
        `Memory: ${gib(o.memory.usedBytes)} of ${gib(o.memory.totalBytes)} used (${o.memory.usedPercent}%)`,
        `Load: ${o.load.one} ${o.load.five} ${o.load.fifteen}`,
      ].join('\n'),
    run: async (input, { signal }) => {
      const [meminfoText, osRelease] = await Promise.all([ctx.proc('meminfo'), ctx.etc('os-release')]);
      const meminfo = meminfoText ? parseMeminfo(meminfoText) : new Map<string, number>();
      const totalBytes = meminfo.get('MemTotal') ?? os.totalmem();
      const freeBytes = meminfo.get('MemFree') ?? os.freemem();
      const availableBytes = meminfo.get('MemAvailable') ?? os.freemem();
      const cpus = os.cpus();
      const [one = 0, five = 0, fifteen = 0] = os.loadavg();
      const uptimeSeconds = Math.round(os.uptime());
      const distribution = osRelease ? parseOsRelease(osRelease) : undefined;
      const usagePercent = await cpuUsage(ctx, input.sampleMs ?? ctx.settings.cpuSampleMs, signal);
      return {
        hostname: os.hostname(),
        os: {
          platform: ctx.platform,
          type: os.type(),
          release: os.release(),
          version: os.version(),
          arch: os.arch(),
          ...(distribution ? { distribution } : {}),
        },
        cpu: {
          model: cpus[0]?.model.trim() || 'unknown',
          cores: cpus.length,
          speedMHz: cpus[0]?.speed ?? 0,
          ...(usagePercent !== undefined ? { usagePercent } : {}),
        },
        memory: {
          totalBytes,
          freeBytes,
          availableBytes,
          usedBytes: totalBytes - availableBytes,
          usedPercent: totalBytes > 0 ? round1(((totalBytes - availableBytes) / totalBytes) * 100) : 0,
          ...(meminfo.has('SwapTotal') ? { swapTotalBytes: meminfo.get('SwapTotal')!, swapFreeBytes: meminfo.get('SwapFree') ?? 0 } : {}),
        },
        load: { one: round2(one), five: round2(five), fifteen: round2(fifteen) },
        uptimeSeconds,
        bootTime: new Date(ctx.clock.now() - uptimeSeconds * 1000).toISOString(),
      };
    },
  });
}
