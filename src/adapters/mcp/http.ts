/**
 * MCP over Streamable HTTP on the main server (POST messages, GET the SSE stream, DELETE to end a session):
 * Bearer JWT or API key, Host/Origin checks against DNS rebinding, one McpServer per session bound to its
 * principal, idle expiry, and an optional stateless mode for load-balanced replicas.
 */
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { RouteGroup } from '../http/app.js';
import { sendProblem } from '../http/problem.js';
import { REQUEST_ID_HEADER } from '../http/request-id.js';
import type { McpSession } from './server.js';

export interface McpHttpOptions {
  path: string;
  stateless: boolean;
  /** Host header names accepted (without port). */
  allowedHosts: readonly string[];
  /** Origins accepted besides the request's own origin. */
  allowedOrigins: readonly string[];
  sessionIdleTimeoutMs: number;
  maxSessions: number;
  /** Build the MCP server of one session for this principal. */
  newSession(principal: Principal, clientIp: string): Promise<McpSession>;
  log: Logger;
  now(): number;
}

interface LiveSession {
  transport: StreamableHTTPServerTransport;
  session: McpSession;
  principalKey: string;
  lastSeen: number;
}

const SESSION_HEADER = 'mcp-session-id';
const keyOf = (p: Principal) => `${p.type}:${p.id}`;

function hostname(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return hostHeader.split(':')[0]?.toLowerCase();
}

/** DNS-rebinding protection: the Host must be one of ours; a browser Origin must be our own origin or allowlisted. */
export function checkHostAndOrigin(
  request: Pick<FastifyRequest, 'headers' | 'protocol'>,
  options: Pick<McpHttpOptions, 'allowedHosts' | 'allowedOrigins'>,
): AppError | undefined {
  const host = request.headers.host;
  const name = hostname(host);
  if (!name || !options.allowedHosts.map((h) => h.toLowerCase()).includes(name)) {
    return new AppError('E_FORBIDDEN', `Host "${host ?? ''}" is not allowed for MCP (server.allowedHosts).`);
  }
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  if (origin === `${request.protocol}://${host}` || options.allowedOrigins.includes(origin)) return undefined;
  return new AppError('E_FORBIDDEN', `Origin "${origin}" is not allowed for MCP (mcp.http.allowedOrigins).`);
}

/** The /mcp route group. */
export function mcpHttpRoutes(options: McpHttpOptions): RouteGroup {
  return function mcpHttp(app: FastifyInstance) {
    const sessions = new Map<string, LiveSession>();
    const sweep = setInterval(
      () => {
        const cutoff = options.now() - options.sessionIdleTimeoutMs;
        for (const s of sessions.values()) if (s.lastSeen < cutoff) void s.transport.close();
      },
      Math.min(60_000, options.sessionIdleTimeoutMs),
    );
    sweep.unref();
    app.addHook('onClose', async () => {
      clearInterval(sweep);
      await Promise.allSettled([...sessions.values()].map((s) => s.transport.close()));
    });

    const guard = (request: FastifyRequest, reply: FastifyReply): Principal | undefined => {
      const hostError = checkHostAndOrigin(request, options);
      if (hostError) {
        sendProblem(reply, hostError, request);
        return undefined;
      }
      if (!request.principal) {
        reply.header('www-authenticate', 'Bearer realm="code-engine"');
        sendProblem(
          reply,
          request.authError ?? new AppError('E_UNAUTHENTICATED', 'MCP needs "Authorization: Bearer <token or API key>".'),
          request,
        );
        return undefined;
      }
      return request.principal;
    };

    const hand = async (request: FastifyRequest, reply: FastifyReply, transport: StreamableHTTPServerTransport) => {
      reply.raw.setHeader(REQUEST_ID_HEADER, String(request.id));
      reply.hijack();
      await transport.handleRequest(request.raw, reply.raw, request.body);
    };

    const existing = (request: FastifyRequest, reply: FastifyReply, principal: Principal): LiveSession | undefined => {
      const id = request.headers[SESSION_HEADER];
      const live = typeof id === 'string' ? sessions.get(id) : undefined;
      // Another principal's session id is answered exactly like an unknown one: sessions do not leak.
      if (!live || live.principalKey !== keyOf(principal)) {
        sendProblem(reply, new AppError('E_NOT_FOUND', 'Unknown or expired MCP session; initialize a new one.'), request);
        return undefined;
      }
      live.lastSeen = options.now();
      return live;
    };

    app.post(options.path, { schema: { hide: true } }, async function mcpPost(request, reply) {
      const principal = guard(request, reply);
      if (!principal) return reply;
      if (options.stateless) {
        const session = await options.newSession(principal, request.ip);
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        reply.raw.on('close', () => {
          void transport.close();
          void session.server.close();
        });
        await session.server.connect(transport);
        return hand(request, reply, transport);
      }
      if (request.headers[SESSION_HEADER] !== undefined) {
        const live = existing(request, reply, principal);
        return live ? hand(request, reply, live.transport) : reply;
      }
      if (!isInitializeRequest(request.body)) {
        return sendProblem(
          reply,
          new AppError('E_VALIDATION', 'Missing Mcp-Session-Id header: send an initialize request first.'),
          request,
        );
      }
      if (sessions.size >= options.maxSessions) {
        return sendProblem(
          reply,
          new AppError('E_UNAVAILABLE', 'Too many open MCP sessions; try again later.', { retryAfterMs: 5_000 }),
          request,
        );
      }
      const session = await options.newSession(principal, request.ip);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, session, principalKey: keyOf(principal), lastSeen: options.now() });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await session.server.connect(transport);
      return hand(request, reply, transport);
    });

    const streamOrEnd = async function mcpSessionRequest(request: FastifyRequest, reply: FastifyReply) {
      const principal = guard(request, reply);
      if (!principal) return reply;
      if (options.stateless) {
        reply.header('allow', 'POST');
        return sendProblem(reply, new AppError('E_METHOD_NOT_ALLOWED', 'This MCP endpoint is stateless: only POST is served.'), request);
      }
      const live = existing(request, reply, principal);
      return live ? hand(request, reply, live.transport) : reply;
    };
    app.get(options.path, { schema: { hide: true } }, streamOrEnd);
    app.delete(options.path, { schema: { hide: true } }, streamOrEnd);
  };
}
