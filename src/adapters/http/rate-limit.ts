/**
 * Rate limiting of the HTTP face: one token bucket per caller — the principal when the authenticate hook has set
 * `request.principal`, else the client IP — with per-route overrides and exempt paths. Every limited response
 * carries RateLimit-Limit/-Remaining/-Reset and RateLimit-Policy; a refusal is a 429 problem+json with Retry-After.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/principal.js';
import type { RateLimiter, RateLimitPolicy } from '../../auth/rate-limit/rate-limiter.js';
import type { RateLimitDecision } from '../../auth/rate-limit/token-bucket.js';
import { AppError } from '../../core/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The decision of the HTTP limiter for this request, undefined when it was not charged (exempt route, limiter off).
     * Faces that call the gateway pass `rateLimited: request.rateLimit !== undefined` so one request costs one token.
     */
    rateLimit: RateLimitDecision | undefined;
  }
}

/** A per-route override (rateLimit.routes). */
export interface RouteRateLimit {
  path: string;
  method?: string | undefined;
  perMinute: number;
  burst?: number | undefined;
}

export interface RateLimitHookOptions {
  limiter: RateLimiter;
  /** Path globs never limited (rateLimit.exemptRoutes). */
  exemptRoutes: readonly string[];
  routes: readonly RouteRateLimit[];
}

/**
 * Compile a path glob: `*` matches any characters (slashes included), `?` exactly one; everything else is literal.
 * @example globToRegExp('/docs*').test('/docs/static/index.html') === true
 */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** The bucket key of a request's caller: `principal:<type>:<id>` when authenticated, else `ip:<address>`. */
export function callerKey(request: FastifyRequest): string {
  // Read without depending on the auth adapter's module augmentation of FastifyRequest.
  const principal = (request as FastifyRequest & { principal?: Principal | null }).principal;
  return principal ? `principal:${principal.type}:${principal.id}` : `ip:${request.ip}`;
}

/** Write the RateLimit-* fields (IETF draft-ietf-httpapi-ratelimit-headers) for a decision. */
export function setRateLimitHeaders(reply: FastifyReply, decision: RateLimitDecision, policy: RateLimitPolicy): void {
  reply.header('ratelimit-limit', String(decision.limit));
  reply.header('ratelimit-remaining', String(decision.remaining));
  reply.header('ratelimit-reset', String(Math.ceil(decision.resetMs / 1000)));
  reply.header('ratelimit-policy', `${policy.perMinute};w=60;burst=${decision.limit}`);
}

/**
 * Register the limiter as a `preParsing` hook: after every `onRequest` hook (so authentication has run, whatever
 * the registration order) and before the body is read (so a refused request costs no parsing).
 * @example registerRateLimit(app, { limiter: services.rateLimiter, exemptRoutes: config.rateLimit.exemptRoutes, routes: config.rateLimit.routes })
 */
export function registerRateLimit(app: FastifyInstance, options: RateLimitHookOptions): void {
  const exempt = options.exemptRoutes.map(globToRegExp);
  const overrides = options.routes.map((route, index) => ({
    index,
    path: globToRegExp(route.path),
    method: route.method?.toUpperCase(),
    policy: { perMinute: route.perMinute, burst: route.burst },
  }));

  app.decorateRequest('rateLimit', undefined);
  app.addHook('preParsing', async function rateLimit(request, reply, payload) {
    const path = request.url.split('?')[0] ?? request.url;
    // The matched route template (e.g. /api/users/:id) resists URL variants that the raw path would not.
    const template = request.routeOptions.url;
    // Exempt only when the handler's own route is exempt too: a crafted URL cannot borrow an exemption.
    if (exempt.some((re) => re.test(path) && (template === undefined || re.test(template)))) return payload;
    const override = overrides.find(
      (o) => (!o.method || o.method === request.method) && (o.path.test(path) || (template !== undefined && o.path.test(template))),
    );
    const caller = callerKey(request);
    const key = override ? `route:${override.index}:${caller}` : caller;
    const policy = override?.policy ?? options.limiter.policy;
    const decision = await options.limiter.consume(key, 1, policy);
    request.rateLimit = decision;
    setRateLimitHeaders(reply, decision, policy);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new AppError('E_RATE_LIMITED', `Rate limit of ${policy.perMinute} requests per minute exceeded; retry in ${seconds} s.`, {
        retryAfterMs: decision.retryAfterMs,
        details: { limit: decision.limit, perMinute: policy.perMinute },
      });
    }
    return payload;
  });
}
