/**
 * Builds the Fastify app (without listening): plugins, problem+json errors, health, metrics, OpenAPI
 * and the route groups that capabilities contribute. Tests use `app.inject()` on it.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { RateLimiter } from '../../auth/rate-limit/rate-limiter.js';
import type { Config } from '../../core/config/schema.js';
import type { Ids } from '../../core/deps.js';
import type { Logger } from '../../core/logger.js';
import type { HealthCheck } from '../../monitoring/health.js';
import type { Registry } from '../../monitoring/metrics.js';
import { redactUrl } from '../../security/redact.js';
import { registerHealthRoutes } from './health.js';
import { registerHttpMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';
import { registerProblemHandlers } from './problem.js';
import { registerRateLimit } from './rate-limit.js';
import { REQUEST_ID_HEADER, requestIdGenerator } from './request-id.js';

const QUIET_ROUTES = /^\/(health\/|metrics(\?|$))/;

/** A group of routes contributed by a capability (composed in src/main). */
export type RouteGroup = (app: FastifyInstance) => Promise<void> | void;

export interface HttpAppDeps {
  config: Config;
  log: Logger;
  ids: Ids;
  metrics: Registry;
  healthChecks: readonly HealthCheck[];
  version: string;
  routes?: readonly RouteGroup[];
  /** Limits requests per caller when set and rateLimit.enabled (see rate-limit.ts). */
  rateLimiter?: RateLimiter;
}

/**
 * Create the app. Await `app.ready()` (or `listen`) before use.
 * @example const app = await buildApp(deps); const res = await app.inject('/health/live');
 */
export async function buildApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const loggerInstance = deps.log.child(
    { component: 'http' },
    {
      serializers: {
        // Fastify logs every request; query strings can carry tokens (?token=…), so URLs are redacted.
        req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
          method: req.method,
          url: redactUrl(req.url),
          remoteAddress: req.ip,
        }),
      },
    },
  );
  const app: FastifyInstance = Fastify({
    loggerInstance: loggerInstance as FastifyBaseLogger,
    genReqId: requestIdGenerator(deps.ids.uuid),
    requestIdHeader: false,
    logController: new LogController({
      requestIdLogLabel: 'requestId',
      // Probes and scrapes arrive every few seconds; logging each would drown real traffic.
      disableRequestLogging: (request) => QUIET_ROUTES.test(request.url),
    }),
    bodyLimit: config.server.bodyLimitBytes,
    trustProxy: config.server.trustProxy,
    requestTimeout: config.server.requestTimeoutMs,
    keepAliveTimeout: config.server.keepAliveTimeoutMs,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  app.addHook('onSend', async function echoRequestId(request, reply) {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  const https = config.server.publicUrl?.startsWith('https://') === true;
  await app.register(helmet, {
    global: true,
    // Served over plain HTTP on 127.0.0.1 by default: upgrading subresources or pinning HSTS would break the UI.
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: https ? [] : null } },
    hsts: https,
  });
  if (config.server.cors.origins.length > 0) {
    await app.register(cors, { origin: [...config.server.cors.origins], credentials: config.server.cors.credentials });
  }
  await registerOpenApi(app, { version: deps.version, publicUrl: config.server.publicUrl, ui: config.server.docs, https });
  registerHttpMetrics(app, { registry: deps.metrics, expose: config.metrics.enabled, prefix: config.metrics.prefix });
  registerHealthRoutes(app, { checks: deps.healthChecks, timeoutMs: 2_000 });
  if (deps.rateLimiter && config.rateLimit.enabled) {
    registerRateLimit(app, { limiter: deps.rateLimiter, exemptRoutes: config.rateLimit.exemptRoutes, routes: config.rateLimit.routes });
  }
  for (const group of deps.routes ?? []) await group(app);
  return app;
}
