/**
 * API key routes: /api/keys list, create (the key is shown once), read and revoke.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createKeySchema } from '../../auth/api-key-service.js';
import type { AuthService } from '../../auth/auth-service.js';
import { apiKeyViewSchema } from '../../auth/view-schemas.js';
import type { RouteGroup } from './app.js';
import { callContext, principalOf, problems } from './auth-routes.js';
import { requirePermission } from './authenticate.js';

const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }];
const params = z.object({ id: z.string().regex(/^[a-f0-9]{16}$/, 'expected a 16-character key id') });

/** API key routes. */
export function keysRoutes(auth: AuthService): RouteGroup {
  return function registerKeysRoutes(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/api/keys',
      {
        preHandler: requirePermission('keys:read'),
        schema: {
          tags: ['keys'],
          summary: 'List your API keys (`?all=true` lists everyone’s, with keys:admin).',
          security,
          querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
          response: { ...problems, 200: z.object({ keys: z.array(apiKeyViewSchema) }) },
        },
      },
      async function listKeys(request) {
        return { keys: await auth.keys.list(principalOf(request), request.query.all === 'true') };
      },
    );
    r.post(
      '/api/keys',
      {
        preHandler: requirePermission('keys:write'),
        schema: {
          tags: ['keys'],
          summary: 'Create an API key. `key` (ce_<id>_<secret>) is shown only in this response; scopes must be permissions you hold.',
          security,
          body: createKeySchema,
          response: { ...problems, 201: apiKeyViewSchema.extend({ key: z.string().describe('The key, shown once') }) },
        },
      },
      async function createKey(request, reply) {
        reply.header('cache-control', 'no-store');
        return reply.status(201).send(await auth.keys.create(principalOf(request), request.body, callContext(request)));
      },
    );
    r.get(
      '/api/keys/:id',
      {
        preHandler: requirePermission('keys:read'),
        schema: {
          tags: ['keys'],
          summary: 'Read an API key (never its secret).',
          security,
          params,
          response: { ...problems, 200: apiKeyViewSchema },
        },
      },
      async function getKey(request) {
        return auth.keys.get(principalOf(request), request.params.id);
      },
    );
    r.delete(
      '/api/keys/:id',
      {
        preHandler: requirePermission('keys:write'),
        schema: {
          tags: ['keys'],
          summary: 'Revoke an API key at once.',
          security,
          params,
          response: { ...problems, 200: apiKeyViewSchema },
        },
      },
      async function revokeKey(request) {
        return auth.keys.revoke(principalOf(request), request.params.id, callContext(request));
      },
    );
  };
}
