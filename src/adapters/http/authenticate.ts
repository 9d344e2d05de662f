/**
 * HTTP authentication: an onRequest hook resolves `request.principal` from `Authorization: Bearer <jwt | api key>`
 * or `X-API-Key`, and `requirePermission(permission)` guards a route (401 problem when unauthenticated, 403 when
 * denied). Public routes ignore bad credentials; guarded routes report why they were rejected.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Credentials } from '../../auth/credentials.js';
import { credentialsFromHeaders } from '../../auth/credentials.js';
import type { AuthzDecision } from '../../auth/decide.js';
import type { Principal } from '../../auth/principal.js';
import { AppError, toAppError } from '../../core/errors.js';
import type { RouteGroup } from './app.js';

/** What the HTTP layer needs from the auth service. */
export interface HttpAuthenticator {
  authenticate(credentials: Credentials): Promise<Principal>;
  authorize(principal: Principal, permission: string, resource?: string): Promise<AuthzDecision>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or undefined when no (valid) credentials were sent. */
    principal: Principal | undefined;
    /** Why the credentials sent were rejected (reported by guarded routes only). */
    authError: AppError | undefined;
  }
  interface FastifyInstance {
    /** The authenticator behind `requirePermission` (set by `authenticationPlugin`). */
    authenticator: HttpAuthenticator | undefined;
  }
}

const WWW_AUTHENTICATE = 'Bearer realm="code-engine"';

/**
 * Install the authentication hook on the root app. List it before every route group that uses `requirePermission`.
 * @example routes: [authenticationPlugin(services.auth), auditRoutes(services.audit)]
 */
export function authenticationPlugin(auth: HttpAuthenticator): RouteGroup {
  return function authentication(app: FastifyInstance) {
    app.decorate('authenticator', auth);
    app.decorateRequest('principal', undefined);
    app.decorateRequest('authError', undefined);
    app.addHook('onRequest', async function resolvePrincipal(request) {
      const credentials = credentialsFromHeaders(request.headers);
      if (!credentials) return;
      try {
        request.principal = await auth.authenticate(credentials);
      } catch (e) {
        request.authError = toAppError(e);
      }
    });
  };
}

function unauthenticated(request: FastifyRequest, reply: FastifyReply): AppError {
  reply.header('www-authenticate', WWW_AUTHENTICATE);
  return (
    request.authError ??
    new AppError('E_UNAUTHENTICATED', 'Authentication required: send "Authorization: Bearer <token>" or "X-API-Key: <key>".')
  );
}

/**
 * preHandler that only requires an authenticated caller.
 * @example app.get('/api/auth/me', { preHandler: requireAuthenticated }, handler)
 */
export async function requireAuthenticated(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.principal) throw unauthenticated(request, reply);
}

/** Options of `requirePermission`. */
export interface RequirePermissionOptions {
  /** The resource instance the permission applies to (e.g. a deployment target), read from the request. */
  resource?: (request: FastifyRequest) => string | undefined;
}

/**
 * preHandler factory: 401 problem without a valid principal, 403 (or 401 E_MFA_REQUIRED) when `authorize` denies.
 * @example app.get('/api/audit', { preHandler: requirePermission('audit:read') }, handler)
 */
export function requirePermission(permission: string, options: RequirePermissionOptions = {}) {
  return async function requirePermissionHandler(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = request.principal;
    if (!principal) throw unauthenticated(request, reply);
    const auth = request.server.authenticator;
    if (!auth) throw new AppError('E_INTERNAL', 'requirePermission is used without authenticationPlugin.');
    const decision = await auth.authorize(principal, permission, options.resource?.(request));
    if (decision.allowed) return;
    throw new AppError(decision.reason === 'mfa_required' ? 'E_MFA_REQUIRED' : 'E_FORBIDDEN', decision.explanation, {
      details: { permission, reason: decision.reason },
    });
  };
}
