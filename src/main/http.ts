/** Builds the HTTP app from a runtime: the one place route groups of capabilities are listed. */
import type { FastifyInstance } from 'fastify';
import { buildApp, type RouteGroup } from '../adapters/http/app.js';
import { registerAuditRoutes } from '../adapters/http/audit-routes.js';
import { authRoutes } from '../adapters/http/auth-routes.js';
import { authenticationPlugin, requirePermission } from '../adapters/http/authenticate.js';
import { expertsRoutes } from '../adapters/http/experts-routes.js';
import { gatewayRoutes } from '../adapters/http/gateway-routes.js';
import { keysRoutes } from '../adapters/http/keys-routes.js';
import { mfaRoutes } from '../adapters/http/mfa-routes.js';
import { rolesRoutes } from '../adapters/http/roles-routes.js';
import { usersRoutes } from '../adapters/http/users-routes.js';
import { mcpHttpRoutes } from '../adapters/mcp/http.js';
import { buildMcpSession } from '../adapters/mcp/server.js';
import { auditRetentionGroup } from './audit-retention.js';
import type { Runtime } from './runtime.js';
import { VERSION } from './version.js';

/** Route groups of every capability (a capability adds one line here). */
export function routeGroups(runtime: Runtime): RouteGroup[] {
  const { auth } = runtime.services;
  return [
    // First: resolves request.principal for every later group and backs requirePermission.
    authenticationPlugin(auth),
    authRoutes(auth),
    mfaRoutes(auth),
    usersRoutes(auth),
    rolesRoutes(auth),
    keysRoutes(auth),
    (app) => registerAuditRoutes(app, { audit: runtime.services.audit, guard: requirePermission('audit:read') }),
    auditRetentionGroup(runtime),
    gatewayRoutes(runtime.gateway),
    // After gatewayRoutes: serves experts_consult's path as SSE when asked (and documents both answers).
    expertsRoutes(runtime.gateway),
    ...(runtime.config.mcp.http.enabled ? [mcpRoutes(runtime)] : []),
  ];
}

/** MCP over Streamable HTTP: one session per client, bound to its principal. */
function mcpRoutes(runtime: Runtime): RouteGroup {
  const { config, deps, gateway } = runtime;
  const http = config.mcp.http;
  return mcpHttpRoutes({
    path: http.path,
    stateless: http.stateless,
    allowedHosts: [
      ...new Set([...config.server.allowedHosts, config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host]),
    ],
    allowedOrigins: http.allowedOrigins,
    sessionIdleTimeoutMs: http.sessionIdleTimeoutMs,
    maxSessions: http.maxSessions,
    log: deps.log.child({ component: 'mcp-http' }),
    now: deps.clock.now,
    newSession: (principal, clientIp) =>
      buildMcpSession({
        gateway,
        principal,
        face: 'mcp-http',
        version: VERSION,
        ids: deps.ids,
        log: deps.log,
        clientIp,
        rateLimited: true,
      }),
  });
}

export function createHttpApp(runtime: Runtime, extraRoutes: readonly RouteGroup[] = []): Promise<FastifyInstance> {
  return buildApp({
    config: runtime.config,
    log: runtime.deps.log,
    ids: runtime.deps.ids,
    metrics: runtime.metrics,
    healthChecks: runtime.healthChecks,
    version: VERSION,
    routes: [...routeGroups(runtime), ...extraRoutes],
    rateLimiter: runtime.services.rateLimiter,
  });
}
