/**
 * `system_network_interfaces`: the host's interfaces with addresses (Node's `os.networkInterfaces`), and on Linux
 * their state and MTU (sysfs) and traffic counters (/proc/net/dev).
 */
import os from 'node:os';
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { HostContext } from './host-deps.js';
import { parseNetDev } from './proc-parse.js';

const counters = z.object({
  rxBytes: z.number(),
  rxPackets: z.number(),
  rxErrors: z.number(),
  rxDropped: z.number(),
  txBytes: z.number(),
  txPackets: z.number(),
  txErrors: z.number(),
  txDropped: z.number(),
});

const iface = z.object({
  name: z.string(),
  mac: z.string().optional(),
  internal: z.boolean().describe('Loopback or otherwise not reachable from outside'),
  state: z.string().optional().describe('operstate: up, down, unknown, …'),
  mtu: z.number().int().optional(),
  addresses: z.array(z.object({ address: z.string(), family: z.enum(['IPv4', 'IPv6']), cidr: z.string().nullable() })),
  counters: counters.optional().describe('Traffic since boot (Linux)'),
});

const output = z.object({ interfaces: z.array(iface) });

const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

/** Build `system_network_interfaces`. */
export function networkInterfacesOp(ctx: HostContext): Operation {
  return defineOperation({
    name: 'system_network_interfaces',
    title: 'Network interfaces',
    description:
      'Network interfaces of the host: addresses (IPv4/IPv6 with prefix), MAC, and on Linux operational state, MTU and rx/tx counters since boot.',
    input: z.strictObject({}),
    output,
    permission: 'system:read',
    effects: 'read',
    http: { method: 'GET', path: '/api/system/network-interfaces' },
    render: (o) =>
      o.interfaces
        .map(
          (i) =>
            `${i.name}${i.state ? ` (${i.state})` : ''}: ${i.addresses.map((a) => a.cidr ?? a.address).join(', ') || 'no address'}` +
            (i.counters ? ` — rx ${mib(i.counters.rxBytes)}, tx ${mib(i.counters.txBytes)}` : ''),
        )
        .join('\n') || 'No interfaces.',
    run: async () => {
      const netDevText = await ctx.proc('net/dev');
      const netDev = netDevText ? parseNetDev(netDevText) : new Map();
      const byName = os.networkInterfaces();
      // Interfaces without an address (a down link) appear only in /proc/net/dev.
      const names = [...new Set([...Object.keys(byName), ...netDev.keys()])].sort();
      const interfaces = await Promise.all(
        names.map(async (name) => {
          const addrs = byName[name] ?? [];
          const [state, mtu] = await Promise.all([ctx.sys(`class/net/${name}/operstate`), ctx.sys(`class/net/${name}/mtu`)]);
          const internal = addrs.length > 0 ? addrs.every((a) => a.internal) : name === 'lo';
          const mac = addrs.find((a) => a.mac && a.mac !== '00:00:00:00:00:00')?.mac;
          const c = netDev.get(name);
          return {
            name,
            ...(mac ? { mac } : {}),
            internal,
            ...(state ? { state: state.trim() } : {}),
            ...(mtu && Number.isInteger(Number(mtu.trim())) ? { mtu: Number(mtu.trim()) } : {}),
            addresses: addrs.map((a) => ({ address: a.address, family: a.family, cidr: a.cidr })),
            ...(c ? { counters: c } : {}),
          };
        }),
      );
      return { interfaces };
    },
  });
}
