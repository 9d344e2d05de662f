/**
 * A small upstream MCP server for federation tests, built on the SDK's server side. Its tools have names with
 * dots and spaces (to test sanitising), echo, report the headers and environment they received, fail as tool
 * errors, change the tool list (list_changed) and die on request.
 *
 * - stdio: `node --import tsx test/fakes/upstream-mcp-server.ts` (dies by exiting).
 * - Streamable HTTP: `startUpstreamHttp()` on 127.0.0.1 (dies by closing its port; `revive()` reopens it).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** Upstream tool names as listed (before the gateway sanitises them). */
export const UPSTREAM_TOOLS = ['echo', 'files.read', 'list items', 'headers', 'env', 'fail', 'count', 'wait', 'add_tool', 'die'] as const;

/**
 * Build the fake's McpServer; `onDie` runs after the `die` tool answered; `events` records what the `wait` tool
 * saw (`wait:started`, `wait:cancelled`).
 */
export function createUpstreamServer(options: { onDie: () => void; events?: string[] }): McpServer {
  const server = new McpServer({ name: 'fake-upstream', version: '0.0.1' });
  server.registerTool(
    'echo',
    {
      title: 'Echo',
      description: 'Echoes its message.',
      inputSchema: { message: z.string().min(1).describe('What to echo') },
      outputSchema: { echoed: z.string() },
    },
    async ({ message }) => ({ content: [{ type: 'text', text: `echo: ${message}` }], structuredContent: { echoed: message } }),
  );
  server.registerTool('files.read', { description: 'Pretends to read a file.', inputSchema: { path: z.string() } }, async ({ path }) => ({
    content: [
      { type: 'text', text: `contents of ${path}` },
      { type: 'image', data: Buffer.from('png').toString('base64'), mimeType: 'image/png' },
    ],
  }));
  // A deliberately bad name (the gateway must sanitise it); the SDK would warn about it on the console.
  const warn = console.warn;
  console.warn = () => {};
  server.registerTool('list items', { description: 'Lists three items.' }, async () => ({
    content: [{ type: 'text', text: 'a\nb\nc' }],
  }));
  console.warn = warn;
  // Tools without an inputSchema get only `extra`.
  server.registerTool('headers', { description: 'Reports the HTTP headers of this request.' }, async (extra) => ({
    content: [{ type: 'text', text: JSON.stringify(extra.requestInfo?.headers ?? {}) }],
    structuredContent: { headers: (extra.requestInfo?.headers ?? {}) as Record<string, unknown> },
  }));
  server.registerTool('env', { description: 'Reports the environment of this process.' }, async () => ({
    content: [{ type: 'text', text: Object.keys(process.env).sort().join(',') }],
    structuredContent: { env: { ...process.env } },
  }));
  server.registerTool('fail', { description: 'Fails as a tool error.' }, async () => ({
    isError: true,
    content: [{ type: 'text', text: 'the upstream tool failed on purpose' }],
  }));
  server.registerTool(
    'count',
    { description: 'Counts to `steps`, reporting progress.', inputSchema: { steps: z.number().int().min(1).max(10) } },
    async ({ steps }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let i = 1; i <= steps; i++) {
        if (progressToken !== undefined) {
          await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: i, total: steps } });
        }
        // Each step takes a moment, like real work. (The SDK client handles notifications a microtask late, so a
        // progress notification read in the same chunk as the result would arrive after it and be dropped.)
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return { content: [{ type: 'text', text: `counted to ${steps}` }] };
    },
  );
  server.registerTool('wait', { description: 'Waits until the call is cancelled.' }, async (extra) => {
    options.events?.push('wait:started');
    await new Promise<void>((resolve) => extra.signal.addEventListener('abort', () => resolve(), { once: true }));
    options.events?.push('wait:cancelled');
    return { content: [{ type: 'text', text: 'cancelled' }] };
  });
  server.registerTool(
    'add_tool',
    { description: 'Adds a tool (the server sends notifications/tools/list_changed).', inputSchema: { name: z.string() } },
    async ({ name }) => {
      server.registerTool(name, { description: `Added at runtime: ${name}.` }, async () => ({ content: [{ type: 'text', text: name }] }));
      return { content: [{ type: 'text', text: `added ${name}` }] };
    },
  );
  server.registerTool('die', { description: 'Stops this server after answering.' }, async () => {
    setTimeout(options.onDie, 20);
    return { content: [{ type: 'text', text: 'dying' }] };
  });
  return server;
}

/** One request the HTTP fake received. */
export interface RecordedRequest {
  method: string;
  headers: IncomingHttpHeaders;
}

/** The HTTP fake: its URL, every request's headers, and control over its life. */
export interface UpstreamHttp {
  url: string;
  requests: RecordedRequest[];
  /** What the tools of every session saw (see createUpstreamServer). */
  events: string[];
  /** Close the port and every connection (sessions are forgotten, as after a crash). */
  die(): Promise<void>;
  /** Listen on the same port again. */
  revive(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** Serve the fake over Streamable HTTP (stateful sessions) on 127.0.0.1. */
export async function startUpstreamHttp(): Promise<UpstreamHttp> {
  const requests: RecordedRequest[] = [];
  const events: string[] = [];
  let sessions = new Map<string, StreamableHTTPServerTransport>();
  let server: Server | undefined;
  let port = 0;

  const die = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    const closing = new Promise<void>((resolve) => current.close(() => resolve()));
    current.closeAllConnections();
    await Promise.allSettled([...sessions.values()].map((t) => t.close()));
    sessions = new Map();
    await closing;
  };

  const listen = async () => {
    const s = createServer((req, res) => {
      requests.push({ method: req.method ?? '', headers: { ...req.headers } });
      void (async () => {
        const body = req.method === 'POST' ? await readBody(req) : undefined;
        const id = req.headers['mcp-session-id'];
        let transport = typeof id === 'string' ? sessions.get(id) : undefined;
        if (!transport) {
          if (id !== undefined || !isInitializeRequest(body)) {
            res.writeHead(404, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
            return;
          }
          const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (sid) => void sessions.set(sid, created),
          });
          transport = created;
          await createUpstreamServer({ onDie: () => void die(), events }).connect(created);
        }
        await transport.handleRequest(req, res, body);
      })().catch((err) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    port = (s.address() as AddressInfo).port;
    server = s;
  };

  await listen();
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    events,
    die,
    revive: listen,
    close: die,
  };
}

// Run as a stdio server when executed directly (the federation tests spawn it as a child process).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = createUpstreamServer({ onDie: () => process.exit(0) });
  await server.connect(new StdioServerTransport());
}
