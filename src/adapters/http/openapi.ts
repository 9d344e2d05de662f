/**
 * OpenAPI 3.1 generated from the zod route schemas: JSON at /openapi.json, UI at /docs.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export interface OpenApiOptions {
  version: string;
  publicUrl: string | undefined;
  ui: boolean;
  /** Keep `upgrade-insecure-requests` in the UI's CSP only when served over HTTPS. */
  https: boolean;
}

export async function registerOpenApi(app: FastifyInstance, options: OpenApiOptions): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'code-engine API',
        description: 'REST face of code-engine: every operation, plus health, metrics and administration.',
        version: options.version,
      },
      servers: options.publicUrl ? [{ url: options.publicUrl }] : [],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or API key' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  if (!options.ui) return;
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) => (options.https ? header : header.replace(/\s*upgrade-insecure-requests;?/, '')),
    uiConfig: { deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async function openApiDocument() {
    return app.swagger();
  });
}
