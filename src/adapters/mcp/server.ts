/**
 * Builds one MCP server per session/connection: the tools this principal may call, each call sent through the
 * gateway pipeline. Never shared between clients.
 */
import { McpServer, type RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import type { Ids } from '../../core/deps.js';
import { hasCode, toAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { annotationsFor } from '../../gateway/describe.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { Face, Operation } from '../../gateway/operation.js';
import type { ConfirmAnswer } from '../../gateway/pipeline.js';
import { toToolError, toToolResult } from './tool-result.js';

export interface McpSessionOptions {
  gateway: Gateway;
  principal: Principal;
  face: Extract<Face, 'mcp-stdio' | 'mcp-http'>;
  version: string;
  ids: Ids;
  log: Logger;
  clientIp?: string;
  /** The transport already charged each request to the caller's rate-limit bucket (the HTTP hook). */
  rateLimited?: boolean;
}

export interface McpSession {
  server: McpServer;
  /** Re-read the visible tool set (after federation changes); sends list_changed when it differs. */
  refresh(): Promise<void>;
}

const INSTRUCTIONS =
  'code-engine exposes infrastructure tools behind one gateway. Every call is authorized, policy-checked, rate-limited and audited. ' +
  'Destructive tools ask the user to confirm. Errors start with a stable code (E_…) and say what to try next.';

const isObjectSchema = (schema: z.ZodType): boolean =>
  (schema as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'object';

/** Build and populate an McpServer for one principal. */
export async function buildMcpSession(options: McpSessionOptions): Promise<McpSession> {
  const { gateway, principal, ids, log } = options;
  const server = new McpServer(
    { name: 'code-engine', title: 'code-engine', version: options.version },
    { capabilities: { tools: { listChanged: true }, logging: {} }, instructions: INSTRUCTIONS },
  );
  const registered = new Map<string, { tool: RegisteredTool; op: Operation }>();

  const confirmVia = (): ((message: string) => Promise<ConfirmAnswer>) | undefined => {
    if (!server.server.getClientCapabilities()?.elicitation) return undefined;
    return async (message) => {
      const answer = await server.server.elicitInput({
        message,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Run it', description: 'Check to allow this destructive operation.' } },
          required: ['confirm'],
        },
      });
      if (answer.action !== 'accept') return answer.action;
      return answer.content?.confirm === true ? 'accept' : 'decline';
    };
  };

  async function handleCall(
    name: string,
    args: unknown,
    extra: { signal: AbortSignal; _meta?: { progressToken?: string | number }; sendNotification: (n: never) => Promise<void> },
  ): Promise<CallToolResult> {
    const requestId = ids.uuid();
    const progressToken = extra._meta?.progressToken;
    const confirm = confirmVia();
    // Federated tools return the upstream's CallToolResult, which goes to the client unchanged.
    const passThrough = gateway.registry.get(name)?.toolResult === true;
    try {
      const result = await gateway.call(name, args, {
        face: options.face,
        principal,
        requestId,
        signal: extra.signal,
        rateLimited: options.rateLimited === true,
        ...(options.clientIp ? { clientIp: options.clientIp } : {}),
        ...(confirm ? { confirm } : {}),
        ...(progressToken !== undefined
          ? {
              onProgress: (u) => {
                const notification = {
                  method: 'notifications/progress',
                  params: { progressToken, progress: u.progress, total: u.total, message: u.message },
                };
                extra.sendNotification(notification as never).catch(() => {});
              },
            }
          : {}),
      });
      return toToolResult(result, passThrough);
    } catch (e) {
      const error = toAppError(e);
      // The spec answers unknown tools with a protocol error; every domain failure is a tool result.
      if (hasCode(error, 'E_NOT_FOUND') && !gateway.registry.get(name))
        throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
      server
        .sendLoggingMessage({ level: 'warning', logger: 'code-engine', data: { tool: name, code: error.code, requestId } })
        .catch(() => {});
      return toToolError(error, requestId);
    }
  }

  const register = (op: Operation) => {
    const tool = server.registerTool(
      op.name,
      {
        title: op.title,
        description: op.description,
        inputSchema: op.input,
        ...(isObjectSchema(op.output) && !op.toolResult ? { outputSchema: op.output as z.ZodObject } : {}),
        annotations: annotationsFor(op),
      },
      // Never reached: tools/call is served by handleCall below. Kept equivalent so no path skips the pipeline.
      ((args: unknown, extra: Parameters<typeof handleCall>[2]) => handleCall(op.name, args, extra)) as never,
    );
    registered.set(op.name, { tool, op });
  };

  /** One tools/list entry as the SDK builds it, except that schemas an operation declares verbatim win. */
  const listing = (name: string, { tool, op }: { tool: RegisteredTool; op: Operation }): Tool => {
    const outputSchema =
      op.outputJsonSchema ??
      (tool.outputSchema ? toJsonSchemaCompat(op.output as z.ZodObject, { strictUnions: true, pipeStrategy: 'output' }) : undefined);
    return {
      name,
      title: tool.title,
      description: tool.description,
      inputSchema: (op.inputJsonSchema ??
        toJsonSchemaCompat(op.input, { strictUnions: true, pipeStrategy: 'input' })) as Tool['inputSchema'],
      ...(outputSchema ? { outputSchema: outputSchema as Tool['outputSchema'] } : {}),
      annotations: tool.annotations,
      execution: tool.execution,
      _meta: tool._meta,
    } as Tool;
  };

  for (const op of await gateway.visibleTo(principal)) register(op);
  // Federated tools must list the upstream's exact JSON Schemas, which registerTool (zod only) cannot carry.
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...registered].filter(([, r]) => r.tool.enabled).map(([name, r]) => listing(name, r)),
  }));
  // The SDK validates arguments before its callback runs; the gateway must see every call first (rate limit,
  // audit, stable error codes), so tools/call goes straight to the pipeline. See docs/adr/0002-mcp-tools-call.md.
  server.server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    handleCall(request.params.name, request.params.arguments ?? {}, {
      signal: extra.signal,
      _meta: request.params._meta,
      sendNotification: extra.sendNotification as never,
    }),
  );

  const sync = async () => {
    const visible = new Map((await gateway.visibleTo(principal)).map((op) => [op.name, op]));
    let changed = false;
    for (const [name, { tool, op }] of registered) {
      // A replaced operation (a federated upstream's tool list changed) is re-registered with its new schema.
      if (visible.get(name) !== op) {
        tool.remove();
        registered.delete(name);
        changed = true;
      }
    }
    for (const [name, op] of visible) {
      if (!registered.has(name)) {
        register(op);
        changed = true;
      }
    }
    if (changed) log.debug({ principal: principal.id, tools: registered.size }, 'MCP tool list refreshed');
  };
  // One sync at a time: overlapping ones would register the same tool twice.
  let syncing: Promise<void> = Promise.resolve();
  const refresh = (): Promise<void> => {
    syncing = syncing.then(sync, sync);
    return syncing;
  };
  // Tool servers come and go (federation): follow the registry until this session closes.
  const unsubscribe = gateway.registry.onChange(() => {
    refresh().catch((err) => log.warn({ err, principal: principal.id }, 'refreshing the MCP tool list failed'));
  });
  const onclose = server.server.onclose;
  server.server.onclose = () => {
    unsubscribe();
    onclose?.();
  };

  return { server, refresh };
}
