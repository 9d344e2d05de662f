/**
 * Config section of the host half of the `system` tool server (src/tools/system): where the proc and sys
 * filesystems are, which filesystems disk usage skips, and the limits of the process listing.
 */
import { z } from 'zod';

/** Pseudo and virtual filesystems `system_disk_usage` skips unless asked for them. */
export const PSEUDO_FS_TYPES = [
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'tmpfs',
  'cgroup',
  'cgroup2',
  'securityfs',
  'pstore',
  'debugfs',
  'tracefs',
  'configfs',
  'fusectl',
  'mqueue',
  'hugetlbfs',
  'bpf',
  'autofs',
  'binfmt_misc',
  'nsfs',
  'rpc_pipefs',
  'squashfs',
] as const;

/** The `system` section. */
export const systemSchema = z
  .strictObject({
    procRoot: z
      .string()
      .min(1)
      .default('/proc')
      .describe('Where the proc filesystem is mounted (a container watching its host mounts the host one at e.g. /host/proc).'),
    sysRoot: z.string().min(1).default('/sys').describe('Where sysfs is mounted (network interface state and MTU).'),
    excludeFsTypes: z
      .array(z.string().min(1))
      .default([...PSEUDO_FS_TYPES])
      .describe('Filesystem types system_disk_usage leaves out of its default listing (pseudo and in-memory filesystems).'),
    maxProcesses: z.number().int().min(1).max(10_000).default(200).describe('Largest `limit` system_processes accepts.'),
    cpuSampleMs: z
      .number()
      .int()
      .min(0)
      .max(5_000)
      .default(250)
      .describe('Default interval over which system_info and system_processes measure CPU usage, in ms (0 = average since start).'),
  })
  .prefault({});

/** The parsed `system` section. */
export type SystemConfig = z.infer<typeof systemSchema>;
