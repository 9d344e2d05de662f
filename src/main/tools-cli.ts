/**
 * Handlers of `code-engine mcp` and `code-engine tools …`: in-process through this runtime's gateway, or against
 * a remote server's REST face (--url/--api-key, or CODE_ENGINE_URL/CODE_ENGINE_API_KEY).
 */
import { z } from 'zod';
import type { CliContext } from '../adapters/cli/program.js';
import type { RemoteTarget, ToolCallOutcome, ToolsCliHandlers } from '../adapters/cli/tools.js';
import { buildMcpSession } from '../adapters/mcp/server.js';
import { serveStdio } from '../adapters/mcp/stdio.js';
import { AppError, isErrorCode } from '../core/errors.js';
import type { OperationDescription } from '../gateway/describe.js';
import { type ProcessInfo, withRuntime } from './cli-handlers.js';
import { localPrincipal } from './local-principal.js';
import { VERSION } from './version.js';

const problemSchema = z.object({ code: z.string().optional(), detail: z.string().optional(), title: z.string().optional() }).loose();

/** A small client of the REST face; errors come back as the server's AppErrors. */
function remoteClient(url: string, apiKey: string | undefined) {
  const base = url.replace(/\/+$/, '');
  return async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(apiKey ? { 'x-api-key': apiKey } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (cause) {
      throw new AppError('E_UNAVAILABLE', `Cannot reach ${base}: ${(cause as Error).message}`, { cause });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new AppError('E_UPSTREAM', `${base}${path} answered ${res.status} with a body that is not JSON.`);
    }
    if (res.ok) return json as T;
    const problem = problemSchema.safeParse(json);
    const code = problem.success && isErrorCode(problem.data.code) ? problem.data.code : 'E_UPSTREAM';
    throw new AppError(code, problem.success ? (problem.data.detail ?? problem.data.title ?? `HTTP ${res.status}`) : `HTTP ${res.status}`);
  };
}

export function createToolsCliHandlers(proc: ProcessInfo): ToolsCliHandlers {
  const remoteOf = (remote: RemoteTarget) => {
    const url = remote.url ?? proc.env.CODE_ENGINE_URL;
    return url ? remoteClient(url, remote.apiKey ?? proc.env.CODE_ENGINE_API_KEY) : undefined;
  };
  // In-process commands see federated tools too: wait until every upstream tried to connect once.
  const local = <T>(ctx: CliContext, fn: Parameters<typeof withRuntime<T>>[2]) =>
    withRuntime(proc, ctx, async (runtime) => {
      await runtime.federation.start();
      return fn(runtime);
    });

  return {
    mcpStdio: (ctx) =>
      local(ctx, async (runtime) => {
        const principal = await localPrincipal(runtime, proc.env);
        const session = await buildMcpSession({
          gateway: runtime.gateway,
          principal,
          face: 'mcp-stdio',
          version: VERSION,
          ids: runtime.deps.ids,
          log: runtime.deps.log,
        });
        await serveStdio(session);
      }),

    async list(ctx, remote) {
      const client = remoteOf(remote);
      if (client) {
        const { servers } = await client<{ servers: Array<{ name: string }> }>('GET', '/api/mcp/servers');
        const lists = await Promise.all(
          servers.map((s) => client<{ tools: OperationDescription[] }>('GET', `/api/mcp/servers/${encodeURIComponent(s.name)}/tools`)),
        );
        return lists.flatMap((l) => l.tools);
      }
      return local(ctx, async (runtime) => {
        const principal = await localPrincipal(runtime, proc.env);
        return (await runtime.gateway.visibleTo(principal)).map((op) => runtime.gateway.describe(op));
      });
    },

    async describe(ctx, name, remote) {
      const client = remoteOf(remote);
      if (client) return client<OperationDescription>('GET', `/api/mcp/tools/${encodeURIComponent(name)}`);
      return local(ctx, async (runtime) => {
        const principal = await localPrincipal(runtime, proc.env);
        const op = (await runtime.gateway.visibleTo(principal)).find((o) => o.name === name);
        if (!op) {
          runtime.gateway.registry.require(name);
          throw new AppError('E_NOT_FOUND', `No tool "${name}" available to ${principal.name}.`);
        }
        return runtime.gateway.describe(op);
      });
    },

    async call(ctx, name, args, options): Promise<ToolCallOutcome> {
      const client = remoteOf(options.remote);
      if (client) {
        const r = await client<{ callId: string; tool: string; result: unknown; text: string; durationMs: number }>(
          'POST',
          '/api/mcp/execute',
          {
            tool: name,
            arguments: args,
            confirm: options.confirmed,
          },
        );
        return { callId: r.callId, tool: r.tool, output: r.result, text: r.text, durationMs: r.durationMs };
      }
      return local(ctx, async (runtime) => {
        const principal = await localPrincipal(runtime, proc.env);
        const r = await runtime.gateway.call(name, args, {
          face: 'cli',
          principal,
          requestId: runtime.deps.ids.uuid(),
          confirmed: options.confirmed,
        });
        return { callId: r.callId, tool: r.operation, output: r.output, text: r.text, durationMs: r.durationMs };
      });
    },
  };
}
