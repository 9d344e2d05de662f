/**
 * User administration routes: /api/users CRUD, roles, unlock, password reset and MFA reset.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.js';
import { roleNameSchema } from '../../auth/role-registry.js';
import { createUserSchema, updateUserSchema } from '../../auth/user-service.js';
import { userViewSchema } from '../../auth/view-schemas.js';
import type { RouteGroup } from './app.js';
import { callContext, principalOf, problems } from './auth-routes.js';
import { requirePermission } from './authenticate.js';

const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
const params = z.object({ id: z.string().min(1).max(100).describe('User id') });

/** User administration routes. */
export function usersRoutes(auth: AuthService): RouteGroup {
  return function registerUsersRoutes(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const read = requirePermission('users:read');
    const write = requirePermission('users:write');
    r.get(
      '/api/users',
      {
        preHandler: read,
        schema: {
          tags: ['users'],
          summary: 'List users.',
          security,
          response: { ...problems, 200: z.object({ users: z.array(userViewSchema) }) },
        },
      },
      async function listUsers(request) {
        return { users: await auth.users.list(principalOf(request)) };
      },
    );
    r.post(
      '/api/users',
      {
        preHandler: write,
        schema: {
          tags: ['users'],
          summary: 'Create a user. You can only give roles whose permissions you hold.',
          security,
          body: createUserSchema,
          response: { ...problems, 201: userViewSchema },
        },
      },
      async function createUser(request, reply) {
        return reply.status(201).send(await auth.users.create(principalOf(request), request.body, callContext(request)));
      },
    );
    r.get(
      '/api/users/:id',
      {
        preHandler: read,
        schema: { tags: ['users'], summary: 'Read a user.', security, params, response: { ...problems, 200: userViewSchema } },
      },
      async function getUser(request) {
        return auth.users.get(principalOf(request), request.params.id);
      },
    );
    r.patch(
      '/api/users/:id',
      {
        preHandler: write,
        schema: {
          tags: ['users'],
          summary: 'Change email or display name, or disable/enable (disabling ends the user’s sessions).',
          security,
          params,
          body: updateUserSchema,
          response: { ...problems, 200: userViewSchema },
        },
      },
      async function updateUser(request) {
        return auth.users.update(principalOf(request), request.params.id, request.body, callContext(request));
      },
    );
    r.delete(
      '/api/users/:id',
      {
        preHandler: write,
        schema: {
          tags: ['users'],
          summary: 'Delete a user (never the last admin).',
          security,
          params,
          response: { ...problems, 204: z.null() },
        },
      },
      async function deleteUser(request, reply) {
        await auth.users.delete(principalOf(request), request.params.id, callContext(request));
        return reply.status(204).send(null);
      },
    );
    r.put(
      '/api/users/:id/roles',
      {
        preHandler: write,
        schema: {
          tags: ['users'],
          summary: 'Replace the user’s roles. You can only add or remove roles whose permissions you hold; the last admin stays.',
          security,
          params,
          body: z.strictObject({ roles: z.array(roleNameSchema).max(20) }),
          response: { ...problems, 200: userViewSchema },
        },
      },
      async function setRoles(request) {
        return auth.users.setRoles(principalOf(request), request.params.id, request.body.roles, callContext(request));
      },
    );
    r.post(
      '/api/users/:id/unlock',
      {
        preHandler: write,
        schema: {
          tags: ['users'],
          summary: 'End a lockout after failed logins.',
          security,
          params,
          response: { ...problems, 200: userViewSchema },
        },
      },
      async function unlockUser(request) {
        return auth.users.unlock(principalOf(request), request.params.id, callContext(request));
      },
    );
    r.post(
      '/api/users/:id/password',
      {
        preHandler: write,
        schema: {
          tags: ['users'],
          summary: 'Reset the password (generated and returned once when omitted); ends the user’s sessions.',
          security,
          params,
          body: z.strictObject({ password: z.string().min(1).max(4096).optional() }).nullish(),
          response: { ...problems, 200: z.object({ password: z.string().optional().describe('The generated password, shown once') }) },
        },
      },
      async function resetPassword(request, reply) {
        const result = await auth.users.resetPassword(
          principalOf(request),
          request.params.id,
          request.body?.password,
          callContext(request),
        );
        reply.header('cache-control', 'no-store');
        return result.password === undefined ? {} : { password: result.password };
      },
    );
    r.delete(
      '/api/users/:id/mfa',
      {
        preHandler: write,
        schema: {
          tags: ['users'],
          summary: 'Remove the user’s MFA (lost device).',
          security,
          params,
          response: { ...problems, 204: z.null() },
        },
      },
      async function resetMfa(request, reply) {
        await auth.mfa.reset(principalOf(request), request.params.id, callContext(request));
        return reply.status(204).send(null);
      },
    );
  };
}
