/**
 * One live client connection to an upstream MCP server: a stdio child process (scrubbed environment, stderr to
 * our log) or Streamable HTTP with the upstream's own credentials. Reconnecting is the caller's job
 * (upstream.ts); a connection is used until it fails, then closed and replaced.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type CallToolResult, CallToolResultSchema, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { UpstreamConfig } from '../../core/config/gateway.js';
import type { Logger } from '../../core/logger.js';
import type { ProgressUpdate } from '../operation.js';
import { upstreamEnv } from './upstream-env.js';

/** What opening a connection needs from the composition root. */
export interface ConnectionDeps {
  /** How we introduce ourselves in `initialize`. */
  clientInfo: { name: string; version: string };
  /** For HTTP upstreams (src/main passes the global fetch; tests may pass their own). */
  fetch: FetchLike;
  /** Where PATH and HOME of stdio upstreams come from (src/main passes process.env; nothing else is copied). */
  inheritedEnv: Readonly<Record<string, string | undefined>>;
  log: Logger;
}

/** Events of a live connection. */
export interface ConnectionEvents {
  /** The transport closed (child exited, stream ended, or we closed it). */
  onClose(): void;
  /** The upstream sent `notifications/tools/list_changed`. */
  onToolsChanged(): void;
}

/** Options of one upstream tool call. */
export interface UpstreamCallOptions {
  signal: AbortSignal;
  timeoutMs: number;
  onProgress?(update: ProgressUpdate): void;
}

/** A connected upstream. */
export interface UpstreamConnection {
  /** `initialize` result facts: the upstream's name and version. */
  readonly server: { name: string; version: string } | undefined;
  /** Every page of `tools/list` (raw tools: the caller validates them). */
  listTools(timeoutMs: number): Promise<unknown[]>;
  /** `tools/call`; the result is validated as a CallToolResult, not against the tool's output schema. */
  callTool(name: string, args: Record<string, unknown>, options: UpstreamCallOptions): Promise<CallToolResult>;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A list whose pages never end is a broken (or hostile) upstream. */
const MAX_TOOL_PAGES = 50;
const MAX_STDERR_LINE_CHARS = 500;
/** How long closing waits for an HTTP upstream to acknowledge the end of our session. */
const TERMINATE_WAIT_MS = 1_000;

function httpHeaders(config: UpstreamConfig): Record<string, string> {
  const headers = { ...config.headers };
  if (config.bearerToken) {
    // One Authorization header only: the configured token replaces any spelled in `headers`.
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'authorization') delete headers[key];
    headers.authorization = `Bearer ${config.bearerToken}`;
  }
  return headers;
}

function transportFor(config: UpstreamConfig, deps: ConnectionDeps, log: Logger): Transport {
  if (config.transport === 'http') {
    return new StreamableHTTPClientTransport(new URL(config.url as string), {
      requestInit: { headers: httpHeaders(config) },
      fetch: deps.fetch,
    });
  }
  const transport = new StdioClientTransport({
    command: config.command as string,
    args: config.args,
    env: upstreamEnv(config.env, deps.inheritedEnv),
    ...(config.cwd ? { cwd: config.cwd } : {}),
    stderr: 'pipe',
  });
  // The child's stderr is its log: keep it in ours (and drain it, so a chatty child never blocks on a full pipe).
  const stderr = transport.stderr as Readable | null;
  if (stderr) {
    createInterface({ input: stderr }).on('line', (line) => log.debug({ line: line.slice(0, MAX_STDERR_LINE_CHARS) }, 'upstream stderr'));
  }
  return transport;
}

/**
 * Connect to an upstream and run `initialize`; rejects (after cleaning up) when that fails or takes longer
 * than `timeoutMs`.
 * @example const connection = await openConnection(config, deps, { onClose, onToolsChanged }, 30_000);
 */
export async function openConnection(
  config: UpstreamConfig,
  deps: ConnectionDeps,
  events: ConnectionEvents,
  timeoutMs: number,
): Promise<UpstreamConnection> {
  const log = deps.log.child({ upstream: config.alias });
  const client = new Client(deps.clientInfo, { capabilities: {} });
  client.setNotificationHandler(ToolListChangedNotificationSchema, async () => events.onToolsChanged());
  client.onclose = () => events.onClose();
  client.onerror = (err) => log.debug({ err: err.message }, 'upstream transport error');
  const transport = transportFor(config, deps, log);
  try {
    await client.connect(transport, { timeout: timeoutMs });
  } catch (e) {
    await client.close().catch(() => {});
    throw e;
  }
  const version = client.getServerVersion();

  return {
    server: version ? { name: version.name, version: version.version } : undefined,
    async listTools(listTimeoutMs) {
      const tools: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_TOOL_PAGES; page++) {
        const result = await client.listTools(cursor ? { cursor } : undefined, { timeout: listTimeoutMs });
        tools.push(...result.tools);
        cursor = result.nextCursor;
        if (!cursor) return tools;
      }
      throw new Error(`tools/list returned more than ${MAX_TOOL_PAGES} pages`);
    },
    callTool(name, args, options) {
      // client.request rather than client.callTool: the result goes to our clients as the upstream sent it, and
      // their own MCP clients check structuredContent against the outputSchema we list.
      return client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, {
        signal: options.signal,
        // A little beyond the gateway's own deadline, so the caller sees our E_TIMEOUT rather than the SDK's.
        timeout: options.timeoutMs + 1_000,
        ...(options.onProgress
          ? { onprogress: (p) => options.onProgress?.({ progress: p.progress, total: p.total, message: p.message }) }
          : {}),
      }) as Promise<CallToolResult>;
    },
    async ping(pingTimeoutMs) {
      await client.ping({ timeout: pingTimeoutMs });
    },
    async close() {
      if (transport instanceof StreamableHTTPClientTransport && transport.sessionId) {
        // Tell the upstream to drop our session (DELETE); best effort and bounded, so a hung upstream never stalls us.
        let timer: ReturnType<typeof setTimeout> | undefined;
        const waited = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, TERMINATE_WAIT_MS);
          timer.unref();
        });
        await Promise.race([transport.terminateSession().catch(() => {}), waited]);
        clearTimeout(timer);
      }
      await client.close();
    },
  };
}
