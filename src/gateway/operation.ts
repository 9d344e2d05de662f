/**
 * An Operation is a capability defined once — name, schemas, permission, effects, handler — and served on
 * every face (MCP, REST, CLI) through the gateway pipeline. Faces never call `run` directly.
 */
import type { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../core/logger.js';

/** What an operation does to the world; drives MCP annotations, modes, policy and approvals. */
export type Effects = 'read' | 'write' | 'destructive' | 'external';

/** The face a call arrived on. */
export type Face = 'mcp-stdio' | 'mcp-http' | 'rest' | 'cli';

export interface ProgressUpdate {
  progress: number;
  total?: number;
  message?: string;
}

/** What a handler receives besides its validated input. */
export interface OperationContext {
  principal: Principal;
  /** Aborted on client cancellation, timeout or shutdown: pass it to everything that can hang. */
  signal: AbortSignal;
  requestId: string;
  face: Face;
  log: Logger;
  /** Report progress of long work (MCP progress notifications, SSE, CLI progress bars). */
  progress(update: ProgressUpdate): void;
  /** The caller confirmed up front (REST `confirm`, CLI `--yes`); for operations that run other operations. */
  confirmed?: boolean;
  /** Ask the human to confirm (MCP elicitation); absent when the face cannot ask. */
  confirm?(message: string): Promise<'accept' | 'decline' | 'cancel'>;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** The definition an author writes. */
export interface OperationDef<I extends AnyObject, O extends z.ZodType> {
  /** `<server>_<verb_noun>`, lowercase snake case, ≤ 64 characters. */
  name: string;
  title: string;
  /** Read by the model and by API users: what it does, units, limits, defaults. */
  description: string;
  input: I;
  output: O;
  /** RBAC permission, `resource:action`. */
  permission: string;
  effects: Effects;
  /** Same call, same result, no further effect (MCP idempotentHint). Default: true for `read`. */
  idempotent?: boolean;
  /** Breaker/bulkhead key of the outside dependency, e.g. `k8s:prod`. Default: `op:<name>`. */
  dependency?: string;
  /** Overrides gateway.defaultTimeoutMs. */
  timeoutMs?: number;
  /** A short human rendering of the output (MCP text content, CLI on a TTY). Default: indented JSON. */
  render?(output: z.output<O>): string;
  /**
   * A resource-style REST route for this operation besides `POST /api/mcp/execute`, e.g.
   * `{ method: 'POST', path: '/api/circuit-breakers/:name/open' }`. Path parameters, query and body are merged
   * into the input (query values arrive as strings: use z.coerce for numbers and booleans).
   */
  http?: HttpBinding;
  /** Example arguments for docs and `tools describe` (a test checks they validate). Default `{}`. */
  example?: z.input<I>;
  /**
   * The exact JSON Schema clients see for the input, instead of one generated from `input`. Set for federated
   * upstream tools, whose schema is the upstream's own; `input` (converted from it) still validates calls.
   */
  inputJsonSchema?: Record<string, unknown>;
  /** The exact JSON Schema clients see for the output (of `structuredContent` when `toolResult`); same idea. */
  outputJsonSchema?: Record<string, unknown>;
  /**
   * `run` returns an MCP CallToolResult (content blocks, structuredContent, isError): the MCP face passes it
   * through unchanged, REST and the CLI return it as the JSON result. Set for federated upstream tools.
   */
  toolResult?: boolean;
  run(input: z.output<I>, ctx: OperationContext): Promise<z.input<O>>;
}

export interface HttpBinding {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

const OPERATION = Symbol.for('code-engine.Operation');

/** A registered-ready operation (type-erased for the registry). */
export interface Operation {
  readonly [OPERATION]: true;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: AnyObject;
  readonly output: z.ZodType;
  readonly permission: string;
  readonly effects: Effects;
  readonly idempotent: boolean;
  readonly dependency: string;
  readonly timeoutMs: number | undefined;
  readonly http: HttpBinding | undefined;
  readonly example: Record<string, unknown>;
  readonly inputJsonSchema: Record<string, unknown> | undefined;
  readonly outputJsonSchema: Record<string, unknown> | undefined;
  /** The output is an MCP CallToolResult that the MCP face passes through (federated tools). */
  readonly toolResult: boolean;
  render(output: unknown): string;
  run(input: unknown, ctx: OperationContext): Promise<unknown>;
}

/**
 * Define an operation. The returned value is what tool servers list.
 * @example
 * export const systemVersion = defineOperation({
 *   name: 'system_version', title: 'Version', description: 'The code-engine version.',
 *   input: z.object({}), output: z.object({ version: z.string() }),
 *   permission: 'system:read', effects: 'read',
 *   run: async () => ({ version: VERSION }),
 * });
 */
export function defineOperation<I extends AnyObject, O extends z.ZodType>(def: OperationDef<I, O>): Operation {
  return {
    [OPERATION]: true,
    name: def.name,
    title: def.title,
    description: def.description,
    input: def.input,
    output: def.output,
    permission: def.permission,
    effects: def.effects,
    idempotent: def.idempotent ?? def.effects === 'read',
    dependency: def.dependency ?? `op:${def.name}`,
    timeoutMs: def.timeoutMs,
    http: def.http,
    example: (def.example ?? {}) as Record<string, unknown>,
    inputJsonSchema: def.inputJsonSchema,
    outputJsonSchema: def.outputJsonSchema,
    toolResult: def.toolResult ?? false,
    render: (output) => (def.render ? def.render(output as z.output<O>) : defaultRender(output)),
    run: (input, ctx) => def.run(input as z.output<I>, ctx),
  };
}

/** True for values made by defineOperation. */
export function isOperation(value: unknown): value is Operation {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[OPERATION] === true;
}

const MAX_RENDER_CHARS = 20_000;

function defaultRender(output: unknown): string {
  const text = typeof output === 'string' ? output : JSON.stringify(output, null, 2);
  return text.length > MAX_RENDER_CHARS ? `${text.slice(0, MAX_RENDER_CHARS)}\n… (truncated; the structured result is complete)` : text;
}

/** A tool server: a named group of operations (one folder under src/tools/, or a federated upstream). */
export interface ToolServer {
  name: string;
  title: string;
  description: string;
  operations: readonly Operation[];
  /** Set for federated upstream servers. */
  upstream?: { alias: string; transport: 'stdio' | 'http' };
}
