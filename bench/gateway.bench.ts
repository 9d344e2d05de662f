/**
 * Tool calls over Streamable HTTP through the full gateway (auth + rate limit + RBAC + audit on SQLite) vs a bare
 * SDK server serving the same tool without the gateway, same client, same run. Goals: ≥ 0.7× throughput and
 * < 2 ms added p99 latency. Also `code-engine mcp` start-up time (to the initialize answer) and idle RSS.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { ADMIN_PASSWORD, startAuthServer } from '../test/helpers/auth-server.js';
import { BIN, cleanEnv } from '../test/helpers/cli.js';
import type { BenchReport } from './lib.js';

const CLIENTS = 8;
const DURATION_MS = 4_000;

/** A bare SDK server with one tool, the way the SDK's examples serve Streamable HTTP. */
async function bareServer(): Promise<{ url: string; close(): void }> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : undefined;
    const id = req.headers['mcp-session-id'];
    let transport = typeof id === 'string' ? transports.get(id) : undefined;
    if (!transport) {
      const server = new McpServer({ name: 'bare', version: '1.0.0' });
      server.registerTool(
        'system_version',
        { description: 'version', inputSchema: z.object({}), outputSchema: z.object({ version: z.string(), node: z.string() }) },
        async () => {
          const out = { version: '0.0.0', node: process.versions.node };
          return { content: [{ type: 'text', text: JSON.stringify(out) }], structuredContent: out };
        },
      );
      const t: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => {
          transports.set(sid, t);
        },
      });
      await server.connect(t);
      transport = t;
    }
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`, close: () => http.close() };
}

async function drive(url: string, headers: Record<string, string>): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new Client({ name: 'bench', version: '1' });
      await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      return c;
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + DURATION_MS;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const r = await c.callTool({ name: 'system_version', arguments: {} });
        if (r.isError) errors++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  await Promise.all(clients.map((c) => c.close()));
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rps: latencies.length / (DURATION_MS / 1000), p50: pick(0.5), p99: pick(0.99), errors };
}

const STARTUP_RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Spawn `code-engine mcp` on `dataDir`, send `initialize`, and time the answer; optionally read the idle RSS. */
async function stdioStartup(dataDir: string, options: { rss?: boolean } = {}): Promise<{ readyMs: number; rssMb: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'mcp'], {
    env: cleanEnv({ CODE_ENGINE_DATA_DIR: dataDir, CODE_ENGINE_LOG_LEVEL: 'warn' }),
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const ready = new Promise<number>((resolve) => {
    child.stdout.once('data', () => resolve(performance.now() - t0));
  });
  child.stdin.write(
    `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'b', version: '1' } } })}\n`,
  );
  const readyMs = await ready;
  let rssKb = 0;
  if (options.rss) {
    await new Promise((r) => setTimeout(r, 1000));
    rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, rssMb: rssKb / 1024 };
}

async function bareNodeStartup(): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve) =>
    spawn(process.execPath, ['-e', 'process.stdout.write("x")'], { stdio: ['ignore', 'pipe', 'ignore'] }).stdout?.once('data', () =>
      resolve(),
    ),
  );
  return performance.now() - t0;
}

/** First start (new data dir: database created and migrated, key files written), then the median of warm starts. */
async function startupRuns(): Promise<{ firstMs: number; existingMs: number; nodeMs: number; rssMb: number; runs: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ce-bench-stdio-'));
  const first = await stdioStartup(dataDir, { rss: true });
  const runs: number[] = [];
  const node: number[] = [];
  // Interleaved, so load on the machine hits both alike.
  for (let i = 0; i < STARTUP_RUNS; i++) {
    node.push(await bareNodeStartup());
    runs.push((await stdioStartup(dataDir)).readyMs);
  }
  return { firstMs: first.readyMs, existingMs: median(runs), nodeMs: median(node), rssMb: first.rssMb, runs };
}

export default async function gatewayBench(): Promise<BenchReport[]> {
  const bare = await bareServer();
  const app = await startAuthServer({ overrides: { 'log.level': 'warn', 'rateLimit.perMinute': '1000000' } });
  try {
    const { accessToken } = await app.login('admin', ADMIN_PASSWORD);
    await drive(bare.url, {}); // warm-up
    const baseline = await drive(bare.url, {});
    await drive(`${app.s.url}/mcp`, { authorization: `Bearer ${accessToken}` });
    const candidate = await drive(`${app.s.url}/mcp`, { authorization: `Bearer ${accessToken}` });
    const startup = await startupRuns();
    return [
      {
        title: `tools/call over Streamable HTTP, ${CLIENTS} clients`,
        baseline: { name: 'bare SDK server (no gateway)', value: baseline.rps, unit: 'calls/s', higherIsBetter: true },
        candidates: [
          {
            name: 'code-engine gateway (auth, RBAC, rate limit, audit on SQLite)',
            value: candidate.rps,
            unit: 'calls/s',
            higherIsBetter: true,
          },
        ],
        goal: { text: '≥ 0.7× and p99 added < 2 ms', check: (r) => r >= 0.7 && candidate.p99 - baseline.p99 < 2 },
        notes: [
          `p50 ${baseline.p50.toFixed(2)} → ${candidate.p50.toFixed(2)} ms; p99 ${baseline.p99.toFixed(2)} → ${candidate.p99.toFixed(2)} ms (added ${(candidate.p99 - baseline.p99).toFixed(2)} ms)`,
          `errors: baseline ${baseline.errors}, gateway ${candidate.errors}`,
        ],
      },
      {
        title: 'code-engine mcp (stdio) start-up to the initialize answer, existing data dir',
        baseline: {
          name: `bare \`node -e\` start-up (median of ${STARTUP_RUNS})`,
          value: startup.nodeMs,
          unit: 'ms',
          higherIsBetter: false,
        },
        candidates: [{ name: `code-engine mcp (median of ${STARTUP_RUNS})`, value: startup.existingMs, unit: 'ms', higherIsBetter: false }],
        goal: { text: '< 400 ms to ready', check: (_r, c) => c.value < 400 },
        notes: [`runs: ${startup.runs.map((r) => r.toFixed(0)).join(', ')} ms`, `idle RSS after start-up: ${startup.rssMb.toFixed(0)} MB`],
      },
      {
        title: 'code-engine mcp (stdio) first start to the initialize answer (new data dir: database created and migrated)',
        baseline: {
          name: `bare \`node -e\` start-up (median of ${STARTUP_RUNS})`,
          value: startup.nodeMs,
          unit: 'ms',
          higherIsBetter: false,
        },
        candidates: [{ name: 'code-engine mcp, first start', value: startup.firstMs, unit: 'ms', higherIsBetter: false }],
      },
    ];
  } finally {
    await app.close();
    bare.close();
  }
}
