/**
 * `POST /api/experts/consult` as Server-Sent Events. The JSON answer at that path is experts_consult's generated
 * operation route (gateway-routes.ts); this route serves the same path only to requests that ask for a stream
 * (`Accept: text/event-stream` or `?stream=…`, a router constraint), so the two never compete. The call goes
 * through `gateway.call` like every other: authentication, RBAC, rate limit, policy and audit all apply.
 *
 * Events: `progress` (one ConsultProgress per per-expert update), then `result` (the consult result) or `error`
 * (the problem+json body). Comment lines keep quiet connections open. A failure before the first event (no
 * permission, bad input, over budget) is an ordinary problem+json response with its status; closing the
 * connection cancels the consult and its outstanding provider requests.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { AppError, toAppError } from '../../core/errors.js';
import type { Gateway } from '../../gateway/gateway.js';
import type { ProgressUpdate } from '../../gateway/operation.js';
import { consultEventOf } from '../../tools/experts/index.js';
import type { RouteGroup } from './app.js';
import { requireAuthenticated } from './authenticate.js';
import { toProblem } from './problem.js';

const OPERATION = 'experts_consult';
/** Proxies commonly drop connections idle for 30–60 s; a comment line every 15 s keeps a slow consult's stream open. */
export const HEARTBEAT_MS = 15_000;
const STREAM_CONSTRAINT = 'expertsEventStream';

/** Options of `expertsRoutes`. */
export interface ExpertsRoutesOptions {
  /** Milliseconds between heartbeat comments while no event is sent. Default HEARTBEAT_MS. */
  heartbeatMs?: number;
}

const acceptsEventStream = (accept: string | string[] | undefined) => String(accept ?? '').includes('text/event-stream');
const streamParam = (url: string | undefined) => {
  const q = url?.indexOf('?') ?? -1;
  return q < 0 ? null : new URLSearchParams((url as string).slice(q + 1)).get('stream');
};

type ConstraintStrategy = Parameters<FastifyInstance['addConstraintStrategy']>[0];
type RouteStore = NonNullable<ReturnType<ReturnType<ConstraintStrategy['storage']>['get']>>;

/**
 * Routes requests that mention streaming (the Accept header or a `stream` query parameter) to the routes that
 * declare this constraint; every other request keeps matching the unconstrained route at the same path.
 */
const eventStreamConstraint: ConstraintStrategy = {
  name: STREAM_CONSTRAINT,
  mustMatchWhenDerived: false,
  storage() {
    const routes = new Map<unknown, RouteStore>();
    return { get: (value) => routes.get(value) ?? null, set: (value, store) => void routes.set(value, store) };
  },
  deriveConstraint: (req) => (acceptsEventStream(req.headers.accept) || streamParam(req.url) !== null ? 'stream' : undefined),
};

/** Whether the request asks for events (the constraint also lets `?stream=false` through, answered as JSON). */
function wantsStream(request: FastifyRequest): boolean {
  const stream = streamParam(request.url);
  return acceptsEventStream(request.headers.accept) || stream === 'true' || stream === '1';
}

/** One SSE frame; JSON never contains a raw newline, so `data` is one line. */
const frame = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The SSE consult route (registered only when experts_consult is). List it after `gatewayRoutes`: the OpenAPI
 * entry of a path is the last route's, and this one documents both the JSON and the event-stream answers.
 * @example routes: [authenticationPlugin(auth), gatewayRoutes(gateway), expertsRoutes(gateway)]
 */
export function expertsRoutes(gateway: Gateway, options: ExpertsRoutesOptions = {}): RouteGroup {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  return function expertsRouteGroup(app: FastifyInstance) {
    const op = gateway.registry.get(OPERATION);
    if (!op?.http) return;
    if (!app.hasConstraintStrategy(STREAM_CONSTRAINT)) app.addConstraintStrategy(eventStreamConstraint);
    app.route({
      method: op.http.method,
      url: op.http.path,
      constraints: { [STREAM_CONSTRAINT]: 'stream' },
      preHandler: requireAuthenticated,
      // The gateway validates input, so invalid calls are rate-limited and audited too.
      validatorCompiler: () => (data: unknown) => ({ value: data }),
      schema: {
        tags: [gateway.registry.serverOf(op.name)?.name ?? 'operations'],
        summary: op.title,
        description:
          `${op.description}\n\nOperation \`${op.name}\` · permission \`${op.permission}\` · effects \`${op.effects}\`.\n\n` +
          'Send `Accept: text/event-stream` (or `?stream=true`) for Server-Sent Events: `event: progress` per expert update ' +
          '(data: a ConsultProgress), then `event: result` (data: the JSON result) or `event: error` (data: a Problem). ' +
          'Lines starting with `:` are heartbeats. Closing the connection cancels the consult.',
        security: [{ bearerAuth: [] }],
        querystring: z.object({ stream: z.enum(['true', 'false', '1', '0']).optional().describe('Answer as Server-Sent Events.') }),
        body: op.input,
        response: {
          200: {
            description: 'The consult result, or its progress and result as Server-Sent Events.',
            content: {
              'application/json': { schema: op.output },
              'text/event-stream': { schema: z.string().describe('event: progress | result | error; data: JSON') },
            },
          },
        },
      },
      handler: async function consultRoute(request: FastifyRequest, reply: FastifyReply) {
        const { stream: _stream, ...query } = (request.query ?? {}) as Record<string, unknown>;
        const input = { ...query, ...(request.body as object) };
        const controller = new AbortController();
        reply.raw.once('close', () => {
          if (!reply.raw.writableFinished) controller.abort(new AppError('E_CANCELLED', 'The client closed the connection.'));
        });
        const call = (onProgress?: (u: ProgressUpdate) => void) =>
          gateway.call(op.name, input, {
            face: 'rest',
            principal: request.principal as Principal,
            clientIp: request.ip,
            requestId: String(request.id),
            rateLimited: true,
            signal: controller.signal,
            ...(onProgress ? { onProgress } : {}),
          });
        if (!wantsStream(request)) return reply.send((await call()).output);
        return streamConsult(request, reply, heartbeatMs, call);
      },
    });
  };
}

/** Run the call, writing its progress, result or error as events; the stream opens at the first thing to write. */
async function streamConsult(
  request: FastifyRequest,
  reply: FastifyReply,
  heartbeatMs: number,
  call: (onProgress: (u: ProgressUpdate) => void) => Promise<{ output: unknown }>,
): Promise<FastifyReply> {
  const events = new PassThrough();
  let opened = false;
  const write = (chunk: string) => {
    if (!opened) {
      opened = true;
      reply
        .code(200)
        .type('text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        // nginx buffers responses unless told not to, which would hold events back until the end.
        .header('x-accel-buffering', 'no')
        .send(events);
    }
    if (!events.destroyed && !events.writableEnded) events.write(chunk);
  };
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
  try {
    const result = await call((update) => {
      const event = consultEventOf(update);
      if (event) write(frame('progress', event));
    });
    write(frame('result', result.output));
  } catch (e) {
    const error = toAppError(e);
    // Nothing sent yet: the error handler answers problem+json with the right status.
    if (!opened) throw error;
    if (error.status >= 500) request.log.error({ err: e, code: error.code }, 'streamed consult failed');
    else request.log.info({ code: error.code, status: error.status }, 'streamed consult refused');
    write(frame('error', toProblem(error, request.url, String(request.id))));
  } finally {
    clearInterval(heartbeat);
    events.end();
  }
  return reply;
}
