/**
 * Role routes: /api/roles list, read, create, replace and delete (custom roles only; built-ins are read-only).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthService } from '../../auth/auth-service.js';
import { roleInputSchema, roleNameSchema } from '../../auth/role-registry.js';
import { roleViewSchema } from '../../auth/view-schemas.js';
import type { RouteGroup } from './app.js';
import { callContext, principalOf, problems } from './auth-routes.js';
import { requirePermission } from './authenticate.js';

const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
const params = z.object({ name: roleNameSchema });

/** Role routes. */
export function rolesRoutes(auth: AuthService): RouteGroup {
  return function registerRolesRoutes(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const read = requirePermission('roles:read');
    const write = requirePermission('roles:write');
    r.get(
      '/api/roles',
      {
        preHandler: read,
        schema: {
          tags: ['roles'],
          summary: 'List built-in and custom roles.',
          security,
          response: { ...problems, 200: z.object({ roles: z.array(roleViewSchema) }) },
        },
      },
      async function listRoles(request) {
        return { roles: await auth.roles.list(principalOf(request)) };
      },
    );
    r.get(
      '/api/roles/:name',
      {
        preHandler: read,
        schema: {
          tags: ['roles'],
          summary: 'Read a role with its effective permissions.',
          security,
          params,
          response: { ...problems, 200: roleViewSchema },
        },
      },
      async function getRole(request) {
        return auth.roles.get(principalOf(request), request.params.name);
      },
    );
    r.post(
      '/api/roles',
      {
        preHandler: write,
        schema: {
          tags: ['roles'],
          summary: 'Create a custom role (may inherit others). Its permissions must all be ones you hold.',
          security,
          body: roleInputSchema,
          response: { ...problems, 201: roleViewSchema },
        },
      },
      async function createRole(request, reply) {
        return reply.status(201).send(await auth.roles.create(principalOf(request), request.body, callContext(request)));
      },
    );
    r.put(
      '/api/roles/:name',
      {
        preHandler: write,
        schema: {
          tags: ['roles'],
          summary: 'Replace a custom role’s description, permissions and inheritance.',
          security,
          params,
          body: roleInputSchema.omit({ name: true }),
          response: { ...problems, 200: roleViewSchema },
        },
      },
      async function replaceRole(request) {
        return auth.roles.update(principalOf(request), { ...request.body, name: request.params.name }, callContext(request));
      },
    );
    r.delete(
      '/api/roles/:name',
      {
        preHandler: write,
        schema: {
          tags: ['roles'],
          summary: 'Delete a custom role nobody holds or inherits.',
          security,
          params,
          response: { ...problems, 204: z.null() },
        },
      },
      async function deleteRole(request, reply) {
        await auth.roles.delete(principalOf(request), request.params.name, callContext(request));
        return reply.status(204).send(null);
      },
    );
  };
}
