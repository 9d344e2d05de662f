/**
 * The REST face of the gateway: discovery (`/api/mcp/servers…`, `/api/mcp/tools/{name}`), `POST /api/mcp/execute`,
 * call history, and the resource-style routes operations declare (`http: { method, path }`). Every call goes
 * through `gateway.call`; routes here only translate HTTP to it and back.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { AppError } from '../../core/errors.js';
import { callQuerySchema } from '../../gateway/calls-repo.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { Operation } from '../../gateway/operation.js';
import type { RouteGroup } from './app.js';
import { requireAuthenticated } from './authenticate.js';

const executeBody = z
  .object({
    tool: z.string().min(1).max(128).describe('Tool name, e.g. system_version'),
    arguments: z.record(z.string(), z.unknown()).default({}).describe('Arguments matching the tool’s inputSchema'),
    confirm: z.boolean().default(false).describe('Confirm a destructive tool explicitly (the caller takes responsibility)'),
  })
  .meta({ id: 'ExecuteRequest' });

const executeResult = z
  .object({
    callId: z.string(),
    tool: z.string(),
    result: z.unknown().describe('The structured result (matches the tool’s outputSchema)'),
    text: z.string().describe('Short human rendering'),
    durationMs: z.number(),
  })
  .meta({ id: 'ExecuteResult' });

const toolDescription = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    server: z.string().optional(),
    permission: z.string(),
    effects: z.enum(['read', 'write', 'destructive', 'external']),
    annotations: z.record(z.string(), z.unknown()),
    inputSchema: z.record(z.string(), z.unknown()),
    outputSchema: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'ToolDescription' });

/** Accept the request as is: the gateway validates input (so invalid calls are rate-limited and audited too). */
const passThrough = () => (data: unknown) => ({ value: data });

function callRequest(request: FastifyRequest, principal: Principal, confirmed = false) {
  return {
    face: 'rest' as const,
    principal,
    clientIp: request.ip,
    requestId: String(request.id),
    rateLimited: true,
    confirmed,
    signal: abortOnClose(request),
  };
}

/** Abort the call when the client goes away. */
function abortOnClose(request: FastifyRequest): AbortSignal {
  const controller = new AbortController();
  request.raw.once('close', () => {
    if (!request.raw.complete || request.raw.destroyed) controller.abort(new AppError('E_CANCELLED', 'The client closed the connection.'));
  });
  return controller.signal;
}

export function gatewayRoutes(gateway: Gateway): RouteGroup {
  return function gatewayRouteGroup(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const visible = async (request: FastifyRequest) => gateway.visibleTo(request.principal as Principal);
    const mustSee = async (request: FastifyRequest, name: string): Promise<Operation> => {
      const op = (await visible(request)).find((o) => o.name === name);
      if (!op) gateway.registry.require(name); // E_NOT_FOUND with suggestions for unknown names
      if (!op) throw new AppError('E_NOT_FOUND', `No tool "${name}" available to you.`);
      return op;
    };

    r.get(
      '/api/mcp/servers',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['mcp'],
          summary: 'Tool servers with the number of tools you may call on each.',
          security: [{ bearerAuth: [] }],
          response: {
            200: z.object({
              servers: z.array(
                z.object({
                  name: z.string(),
                  title: z.string(),
                  description: z.string(),
                  tools: z.number(),
                  upstream: z.string().optional(),
                }),
              ),
            }),
          },
        },
      },
      async function listServers(request) {
        const names = new Set((await visible(request)).map((o) => o.name));
        const servers = gateway.registry
          .servers()
          .map((s) => ({
            name: s.name,
            title: s.title,
            description: s.description,
            tools: s.operations.filter((o) => names.has(o.name)).length,
            ...(s.upstream ? { upstream: s.upstream.transport } : {}),
          }))
          .filter((s) => s.tools > 0);
        return { servers };
      },
    );

    r.get(
      '/api/mcp/servers/:server/tools',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['mcp'],
          summary: 'The tools of one server that you may call, with their schemas.',
          security: [{ bearerAuth: [] }],
          params: z.object({ server: z.string().max(64) }),
          response: { 200: z.object({ tools: z.array(toolDescription) }) },
        },
      },
      async function listServerTools(request) {
        const server = gateway.registry.server(request.params.server);
        if (!server) throw new AppError('E_NOT_FOUND', `No tool server "${request.params.server}".`);
        const names = new Set(server.operations.map((o) => o.name));
        const tools = (await visible(request)).filter((o) => names.has(o.name)).map((o) => gateway.describe(o));
        return { tools };
      },
    );

    r.get(
      '/api/mcp/tools/:name',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['mcp'],
          summary: 'One tool: description, permission, effects, input and output JSON Schemas.',
          security: [{ bearerAuth: [] }],
          params: z.object({ name: z.string().max(128) }),
          response: { 200: toolDescription },
        },
      },
      async function describeTool(request) {
        return gateway.describe(await mustSee(request, request.params.name));
      },
    );

    r.post(
      '/api/mcp/execute',
      {
        preHandler: requireAuthenticated,
        validatorCompiler: passThrough,
        schema: {
          tags: ['mcp'],
          summary: 'Call a tool through the gateway (authorization, policy, rate limit and audit apply).',
          security: [{ bearerAuth: [] }],
          body: executeBody,
          response: { 200: executeResult },
        },
      },
      async function execute(request) {
        const parsed = executeBody.safeParse(request.body ?? {});
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => ({ path: `body.${i.path.join('.')}`, message: i.message }));
          throw new AppError('E_VALIDATION', `Invalid request body: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
            issues,
          });
        }
        const { tool, arguments: args, confirm } = parsed.data;
        const result = await gateway.call(tool, args, callRequest(request, request.principal as Principal, confirm));
        return {
          callId: result.callId,
          tool: result.operation,
          result: result.output,
          text: result.text,
          durationMs: Math.round(result.durationMs),
        };
      },
    );

    r.get(
      '/api/mcp/calls',
      {
        preHandler: requireAuthenticated,
        schema: {
          tags: ['mcp'],
          summary: 'Call history, newest first. Without audit:read you see only your own calls.',
          security: [{ bearerAuth: [] }],
          querystring: callQuerySchema,
        },
      },
      async function listCalls(request) {
        const principal = request.principal as Principal;
        const auditor = (await app.authenticator?.authorize(principal, 'audit:read'))?.allowed === true;
        return gateway.calls.list(auditor ? request.query : { ...request.query, principal: principal.id });
      },
    );

    for (const op of gateway.registry.operations()) if (op.http) registerOperationRoute(app, gateway, op);
  };
}

/** A resource-style route that calls one operation with params, query and body merged into its input. */
function registerOperationRoute(app: FastifyInstance, gateway: Gateway, op: Operation): void {
  const binding = op.http as NonNullable<Operation['http']>;
  const pathParams = [...binding.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
  const shape = op.input.shape as Record<string, z.ZodType>;
  const pick = (keep: boolean) => z.object(Object.fromEntries(Object.entries(shape).filter(([k]) => pathParams.includes(k) === keep)));
  const hasBody = binding.method !== 'GET' && binding.method !== 'DELETE';
  app.withTypeProvider<ZodTypeProvider>().route({
    method: binding.method,
    url: binding.path,
    preHandler: requireAuthenticated,
    validatorCompiler: passThrough,
    schema: {
      tags: [gateway.registry.serverOf(op.name)?.name ?? 'operations'],
      summary: op.title,
      description: `${op.description}\n\nOperation \`${op.name}\` · permission \`${op.permission}\` · effects \`${op.effects}\`.`,
      security: [{ bearerAuth: [] }],
      ...(pathParams.length ? { params: pick(true) } : {}),
      ...(hasBody ? { body: pick(false) } : { querystring: pick(false) }),
      response: { 200: op.output },
    },
    handler: async function operationRoute(request: FastifyRequest, reply: FastifyReply) {
      const input = { ...(request.query as object), ...(hasBody ? (request.body as object) : {}), ...(request.params as object) };
      const confirmed = request.headers['x-confirm'] === 'true';
      const result = await gateway.call(op.name, input, callRequest(request, request.principal as Principal, confirmed));
      return reply.send(result.output);
    },
  });
}
