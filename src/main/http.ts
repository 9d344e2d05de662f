/** Builds the HTTP app from a runtime: the one place route groups of capabilities are listed. */
import type { FastifyInstance } from 'fastify';
import { buildApp, type RouteGroup } from '../adapters/http/app.js';
import { denyAllGuard, registerAuditRoutes } from '../adapters/http/audit-routes.js';
import { auditRetentionGroup } from './audit-retention.js';
import type { Runtime } from './runtime.js';
import { VERSION } from './version.js';

/** Route groups of every capability (a capability adds one line here). */
export function routeGroups(runtime: Runtime): RouteGroup[] {
  return [
    // TODO(#5): guard with requirePermission('audit:read') once the authentication hook is committed; until then refuse all.
    (app) => registerAuditRoutes(app, { audit: runtime.services.audit, guard: denyAllGuard }),
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
