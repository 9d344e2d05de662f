/**
 * `system_disk_usage`: size, use and inodes of mounted filesystems via statfs(2) (`fs.statfs`), the mount list
 * from the proc filesystem; no `df` process.
 */
import { statfs } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { HostContext } from './host-deps.js';
import { type MountEntry, parseMounts } from './proc-parse.js';

const filesystem = z.object({
  path: z.string().describe('Mount point, or the path that was asked about'),
  device: z.string().optional(),
  fsType: z.string().optional(),
  readOnly: z.boolean().optional(),
  totalBytes: z.number(),
  usedBytes: z.number(),
  freeBytes: z.number().describe('Free blocks, including those reserved for root'),
  availableBytes: z.number().describe('Free blocks available to unprivileged users'),
  usedPercent: z.number().describe('used / (used + available), as df computes it'),
  inodes: z.object({ total: z.number(), free: z.number(), used: z.number() }),
});
type Filesystem = z.infer<typeof filesystem>;

const output = z.object({ filesystems: z.array(filesystem) });

const gb = (b: number) => `${(b / 1e9).toFixed(1)} GB`;

async function measure(path: string, mount?: MountEntry): Promise<Filesystem> {
  const s = await statfs(path);
  const total = s.blocks * s.bsize;
  const free = s.bfree * s.bsize;
  const available = s.bavail * s.bsize;
  const used = total - free;
  return {
    path,
    ...(mount ? { device: mount.device, fsType: mount.fsType, readOnly: mount.readOnly } : {}),
    totalBytes: total,
    usedBytes: used,
    freeBytes: free,
    availableBytes: available,
    usedPercent: used + available > 0 ? Math.round((used / (used + available)) * 1000) / 10 : 0,
    inodes: { total: s.files, free: s.ffree, used: s.files - s.ffree },
  };
}

/** Real filesystems, one row per device (bind mounts of files and directories repeat a device). */
function defaultMounts(mounts: MountEntry[], exclude: ReadonlySet<string>): MountEntry[] {
  const seen = new Set<string>();
  return mounts.filter((m) => {
    if (exclude.has(m.fsType) || seen.has(m.device)) return false;
    seen.add(m.device);
    return true;
  });
}

/** Build `system_disk_usage`. */
export function diskUsageOp(ctx: HostContext): Operation {
  return defineOperation({
    name: 'system_disk_usage',
    title: 'Disk usage',
    description:
      'Size, used and available bytes and inodes of filesystems. Without paths: every mounted filesystem except pseudo and in-memory ' +
      'ones (system.excludeFsTypes), one row per device; with paths: the filesystem holding each path.',
    input: z.object({
      paths: z
        .array(z.string().min(1).max(4096).refine(isAbsolute, 'must be an absolute path'))
        .max(50)
        .optional()
        .describe('Absolute paths to measure (the filesystem holding each); default: all real mounts'),
      includeAll: z.boolean().default(false).describe('Also list pseudo filesystems and repeated devices'),
    }),
    output,
    permission: 'system:read',
    effects: 'read',
    http: { method: 'POST', path: '/api/system/disk-usage' },
    example: { paths: ['/'] },
    render: (o) =>
      o.filesystems
        .map((f) => `${f.path}: ${gb(f.usedBytes)} used of ${gb(f.totalBytes)} (${f.usedPercent}%), ${gb(f.availableBytes)} available`)
        .join('\n') || 'No filesystems.',
    run: async (input) => {
      const text = await ctx.proc('self/mounts');
      const mounts = text ? parseMounts(text) : [];
      if (input.paths) {
        const byPath = new Map(mounts.map((m) => [m.mountPoint, m]));
        const filesystems = await Promise.all(
          input.paths.map(async (p) => {
            try {
              return await measure(p, byPath.get(p));
            } catch (e) {
              const code = (e as { code?: string }).code;
              if (code === 'ENOENT' || code === 'ENOTDIR') throw new AppError('E_NOT_FOUND', `No such path: ${p}.`);
              if (code === 'EACCES' || code === 'EPERM') throw new AppError('E_FORBIDDEN', `Not allowed to stat ${p}.`);
              throw e;
            }
          }),
        );
        return { filesystems };
      }
      const chosen = input.includeAll ? mounts : defaultMounts(mounts, new Set(ctx.settings.excludeFsTypes));
      if (chosen.length === 0) return { filesystems: [await measure(ctx.platform === 'win32' ? 'C:\\' : '/')] };
      // A mount can vanish or deny access between listing and statfs: leave it out rather than fail the listing.
      const results = await Promise.allSettled(chosen.map((m) => measure(m.mountPoint, m)));
      return { filesystems: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])) };
    },
  });
}
