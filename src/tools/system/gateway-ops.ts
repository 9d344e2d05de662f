/**
 * Built-in `system_*` operations about code-engine itself: version, health and gateway information.
 */
import { z } from 'zod';
import type { Clock } from '../../core/deps.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import type { Registry } from '../../gateway/registry.js';
import { type HealthCheck, runHealthChecks } from '../../monitoring/health.js';

export interface SystemGatewayDeps {
  version: string;
  clock: Clock;
  /** Epoch ms when the process started. */
  startedAt: number;
  healthChecks: readonly HealthCheck[];
  registry: Registry;
  mode: 'full' | 'read_only' | 'non_destructive';
  faces: { mcpHttp: boolean; rest: boolean };
}

export function systemGatewayOps(deps: SystemGatewayDeps): Operation[] {
  const version = defineOperation({
    name: 'system_version',
    title: 'code-engine version',
    description: 'The running code-engine version and Node.js version.',
    input: z.object({}),
    output: z.object({ version: z.string(), node: z.string() }),
    permission: 'system:read',
    effects: 'read',
    http: { method: 'GET', path: '/api/system/version' },
    render: (o) => `code-engine ${o.version} on Node.js ${o.node}`,
    run: async () => ({ version: deps.version, node: process.versions.node }),
  });

  const health = defineOperation({
    name: 'system_health',
    title: 'code-engine health',
    description: 'Readiness of code-engine’s own dependencies (database, migrations, Redis when configured), each with its latency.',
    input: z.object({}),
    output: z.object({
      status: z.enum(['pass', 'fail']),
      checks: z.array(
        z.object({ name: z.string(), status: z.enum(['pass', 'fail']), durationMs: z.number(), error: z.string().optional() }),
      ),
    }),
    permission: 'system:read',
    effects: 'read',
    render: (o) =>
      [
        `status: ${o.status}`,
        ...o.checks.map((c) => `  ${c.name}: ${c.status} (${c.durationMs} ms)${c.error ? ` — ${c.error}` : ''}`),
      ].join('\n'),
    run: async () => runHealthChecks(deps.healthChecks, 2_000),
  });

  const info = defineOperation({
    name: 'system_gateway_info',
    title: 'Gateway information',
    description: 'The gateway’s mode, faces, uptime and tool servers with their tool counts (all tools, not only yours).',
    input: z.object({}),
    output: z.object({
      version: z.string(),
      mode: z.enum(['full', 'read_only', 'non_destructive']),
      uptimeSeconds: z.number(),
      faces: z.object({ mcpStdio: z.boolean(), mcpHttp: z.boolean(), rest: z.boolean(), cli: z.boolean() }),
      servers: z.array(z.object({ name: z.string(), title: z.string(), tools: z.number(), upstream: z.boolean() })),
      totalTools: z.number(),
    }),
    permission: 'system:read',
    effects: 'read',
    http: { method: 'GET', path: '/api/system/gateway' },
    render: (o) =>
      [
        `code-engine ${o.version}, mode ${o.mode}, up ${o.uptimeSeconds} s, ${o.totalTools} tools`,
        ...o.servers.map((s) => `  ${s.name}: ${s.tools}`),
      ].join('\n'),
    run: async () => {
      const servers = deps.registry
        .servers()
        .map((s) => ({ name: s.name, title: s.title, tools: s.operations.length, upstream: !!s.upstream }));
      return {
        version: deps.version,
        mode: deps.mode,
        uptimeSeconds: Math.round((deps.clock.now() - deps.startedAt) / 1000),
        faces: { mcpStdio: true, mcpHttp: deps.faces.mcpHttp, rest: deps.faces.rest, cli: true },
        servers,
        totalTools: servers.reduce((n, s) => n + s.tools, 0),
      };
    },
  });

  return [version, health, info];
}
