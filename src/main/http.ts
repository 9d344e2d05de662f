/** Builds the HTTP app from a runtime: the one place route groups of capabilities are listed. */
import type { FastifyInstance } from 'fastify';
import { buildApp, type RouteGroup } from '../adapters/http/app.js';
import { authRoutes } from '../adapters/http/auth-routes.js';
import { registerAuditRoutes } from '../adapters/http/audit-routes.js';
import { authenticationPlugin, requirePermission } from '../adapters/http/authenticate.js';
import { keysRoutes } from '../adapters/http/keys-routes.js';
import { mfaRoutes } from '../adapters/http/mfa-routes.js';
import { rolesRoutes } from '../adapters/http/roles-routes.js';
import { usersRoutes } from '../adapters/http/users-routes.js';
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
  ];
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
