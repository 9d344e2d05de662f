/**
 * Session routes: POST /api/auth/login, /login/mfa, /refresh, /logout, /password; GET /api/auth/me;
 * GET /.well-known/jwks.json; GET /api/permissions and POST /api/permissions/check (explain mode).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.js';
import { PERMISSION_CATALOGUE } from '../../auth/built-in-roles.js';
import { credentialsFromHeaders } from '../../auth/credentials.js';
import { permissionSchema } from '../../auth/permission.js';
import type { Principal } from '../../auth/principal.js';
import { toUserView } from '../../auth/user-service.js';
import { decisionSchema, loginResultSchema, principalViewSchema, tokenPairSchema, userViewSchema } from '../../auth/view-schemas.js';
import { AppError } from '../../core/errors.js';
import type { RouteGroup } from './app.js';
import { requireAuthenticated } from './authenticate.js';
import { problemSchema } from './problem.js';

const secured: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/** Problem responses of the auth routes, for the OpenAPI document (bodies are sent by problem.ts). */
export const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  423: problemSchema,
  429: problemSchema,
};

/** The audit context of a request. */
export function callContext(request: FastifyRequest) {
  return { clientIp: request.ip, requestId: String(request.id) };
}

/** The caller, after `requireAuthenticated` or `requirePermission` ran. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('E_UNAUTHENTICATED', 'Authentication required.');
  return request.principal;
}

/** Body of GET /api/auth/me. */
export const meSchema = z
  .object({
    principal: principalViewSchema,
    user: userViewSchema.optional(),
    permissions: z.array(z.string()).describe('Grants of the roles held (API keys are further narrowed by scopes)'),
  })
  .meta({ id: 'Me' });

/** The body of GET /api/auth/me for a principal (the benchmark mounts the same handler without auth). */
export function buildMe(auth: AuthService) {
  return async function me(principal: Principal): Promise<z.infer<typeof meSchema>> {
    const user = principal.type === 'user' ? await auth.core.userCache.get(principal.id) : undefined;
    return {
      principal: {
        id: principal.id,
        type: principal.type,
        name: principal.name,
        roles: [...principal.roles],
        ...(principal.scopes ? { scopes: [...principal.scopes] } : {}),
        ...(principal.mfaVerifiedAt !== undefined ? { mfaVerifiedAt: new Date(principal.mfaVerifiedAt).toISOString() } : {}),
      },
      ...(user ? { user: toUserView(user, auth.core.deps.clock.now()) } : {}),
      permissions: await auth.permissionsOf(principal),
    };
  };
}

/** Session, JWKS and permission routes. */
export function authRoutes(auth: AuthService): RouteGroup {
  return function registerAuthRoutes(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const me = buildMe(auth);
    r.post(
      '/api/auth/login',
      {
        schema: {
          tags: ['auth'],
          summary: 'Log in with username (or email) and password: tokens, or an MFA challenge when MFA is on.',
          body: z.strictObject({ username: z.string().min(1).max(254), password: z.string().min(1).max(4096) }),
          response: { ...problems, 200: loginResultSchema },
        },
      },
      async function login(request) {
        return auth.sessions.login(request.body.username, request.body.password, callContext(request));
      },
    );
    r.post(
      '/api/auth/login/mfa',
      {
        schema: {
          tags: ['auth'],
          summary: 'Second login step: the MFA challenge token and a TOTP or recovery code.',
          body: z.strictObject({ mfaToken: z.string().min(1).max(4096), code: z.string().min(6).max(64) }),
          response: { ...problems, 200: tokenPairSchema },
        },
      },
      async function loginMfa(request) {
        return auth.sessions.loginMfa(request.body.mfaToken, request.body.code, callContext(request));
      },
    );
    r.post(
      '/api/auth/refresh',
      {
        schema: {
          tags: ['auth'],
          summary: 'Exchange a refresh token for new tokens. Each refresh token works once; reuse revokes the session.',
          body: z.strictObject({ refreshToken: z.string().min(1).max(4096) }),
          response: { ...problems, 200: tokenPairSchema },
        },
      },
      async function refresh(request) {
        return auth.sessions.refresh(request.body.refreshToken, callContext(request));
      },
    );
    r.post(
      '/api/auth/logout',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Revoke the access token and its session (and the given refresh token’s session).',
          security: [{ bearerAuth: [] }],
          body: z.strictObject({ refreshToken: z.string().max(4096).optional() }).nullish(),
          response: { ...problems, 204: z.null() },
        },
      },
      async function logout(request, reply) {
        const credentials = credentialsFromHeaders(request.headers);
        if (credentials?.type !== 'bearer')
          throw new AppError('E_VALIDATION', 'Logout applies to token sessions; revoke API keys instead.');
        await auth.sessions.logout(credentials.token, request.body?.refreshToken, callContext(request));
        return reply.status(204).send(null);
      },
    );
    r.get(
      '/api/auth/me',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Who am I: principal, user and permissions.',
          security: secured,
          response: { ...problems, 200: meSchema },
        },
      },
      async function getMe(request) {
        return me(principalOf(request));
      },
    );
    r.post(
      '/api/auth/password',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Change your password. Ends all your sessions and returns tokens for a new one.',
          security: [{ bearerAuth: [] }],
          body: z.strictObject({ currentPassword: z.string().min(1).max(4096), newPassword: z.string().min(1).max(4096) }),
          response: { ...problems, 200: tokenPairSchema },
        },
      },
      async function changePassword(request) {
        return auth.sessions.changePassword(
          principalOf(request),
          request.body.currentPassword,
          request.body.newPassword,
          callContext(request),
        );
      },
    );
    r.get(
      '/.well-known/jwks.json',
      {
        schema: {
          tags: ['auth'],
          summary: 'Public keys that verify code-engine tokens (current and not yet expired retired keys).',
          response: { ...problems, 200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
        },
      },
      async function jwks(_request, reply) {
        reply.header('cache-control', 'public, max-age=300');
        return (await auth.keyRing()).jwks();
      },
    );
    r.get(
      '/api/permissions',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Known permissions. Grants may use `*` in any segment and `@glob` to limit them to named resources.',
          security: secured,
          response: { ...problems, 200: z.object({ permissions: z.array(z.object({ name: z.string(), description: z.string() })) }) },
        },
      },
      async function listPermissions() {
        return { permissions: PERMISSION_CATALOGUE.map((p) => ({ ...p })) };
      },
    );
    r.post(
      '/api/permissions/check',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['auth'],
          summary: 'Explain mode: would the caller (or, with users:read, another user) be allowed, and by which role?',
          security: secured,
          body: z.strictObject({
            permission: permissionSchema,
            resource: z.string().max(256).optional(),
            userId: z.string().max(100).optional(),
          }),
          response: { ...problems, 200: decisionSchema },
        },
      },
      async function checkPermission(request) {
        const caller = principalOf(request);
        let subject = caller;
        if (request.body.userId && request.body.userId !== caller.id) {
          const user = await auth.users.get(caller, request.body.userId);
          subject = { id: user.id, type: 'user', name: user.username, roles: user.roles, mfaVerifiedAt: 0 };
        }
        return auth.authorize(subject, request.body.permission, request.body.resource);
      },
    );
  };
}
