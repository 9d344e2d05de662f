/**
 * Config sections of the operation gateway, its MCP faces and federated upstream MCP servers.
 */
import { z } from 'zod';
import { secret } from './secret.js';

export const gatewaySchema = z
  .strictObject({
    mode: z
      .enum(['full', 'read_only', 'non_destructive'])
      .default('full')
      .describe('full = every operation; read_only = only `read` effects; non_destructive = everything but `destructive`.'),
    allow: z
      .array(z.string().min(1))
      .default(['*'])
      .describe('Operation name globs that may be listed and called (`*` any characters, `?` one).'),
    deny: z.array(z.string().min(1)).default([]).describe('Operation name globs that are never listed or called (wins over allow).'),
    defaultTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(3_600_000)
      .default(30_000)
      .describe('Timeout of an operation call unless the operation sets its own.'),
    maxArgumentBytes: z
      .number()
      .int()
      .min(1024)
      .max(104_857_600)
      .default(1_048_576)
      .describe('Largest JSON arguments accepted for one call.'),
  })
  .prefault({});

export const mcpSchema = z
  .strictObject({
    http: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Serve MCP over Streamable HTTP on the main server.'),
        path: z
          .string()
          .regex(/^\/[A-Za-z0-9/_-]*$/)
          .default('/mcp')
          .describe('Path of the Streamable HTTP endpoint.'),
        stateless: z
          .boolean()
          .default(false)
          .describe('No sessions: every POST stands alone (for load-balanced replicas without sticky sessions).'),
        allowedOrigins: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Origin header values accepted besides the server’s own (http://127.0.0.1:PORT, http://localhost:PORT); requests without Origin are accepted.',
          ),
        sessionIdleTimeoutMs: z.number().int().min(1000).default(1_800_000).describe('Close MCP sessions idle this long.'),
        maxSessions: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .default(1000)
          .describe('Open MCP sessions per process; more are refused with 503.'),
      })
      .prefault({}),
    stdio: z
      .strictObject({
        principal: z
          .string()
          .min(1)
          .default('local')
          .describe('Name of the local principal of `code-engine mcp` when CODE_ENGINE_API_KEY is not set.'),
        role: z.string().min(1).default('operator').describe('Role of that local principal.'),
      })
      .prefault({}),
  })
  .prefault({});

const upstreamSchema = z
  .strictObject({
    alias: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,23}$/)
      .describe('Short name; its tools appear as <alias>__<tool>.'),
    transport: z.enum(['stdio', 'http']).describe('How to reach the upstream server.'),
    command: z.string().min(1).optional().describe('stdio: the executable (absolute path or on PATH).'),
    args: z.array(z.string()).default([]).describe('stdio: arguments.'),
    env: z.record(z.string(), z.string()).default({}).describe('stdio: extra environment variables (the rest of ours is not passed on).'),
    cwd: z.string().optional().describe('stdio: working directory.'),
    url: z.url().optional().describe('http: the Streamable HTTP endpoint URL.'),
    headers: z.record(z.string(), z.string()).default({}).describe('http: extra request headers.'),
    bearerToken: secret(z.string().min(1)).optional().describe('http: the upstream’s own credential (never the caller’s).'),
    effects: z
      .enum(['read', 'write', 'destructive', 'external'])
      .default('external')
      .describe('Effects of its tools unless listed in toolEffects.'),
    toolEffects: z
      .record(z.string(), z.enum(['read', 'write', 'destructive', 'external']))
      .default({})
      .describe('Per-tool effects by upstream tool name.'),
    permission: z.string().min(1).optional().describe('Permission needed to call its tools. Default: mcp:<alias>:call.'),
    timeoutMs: z.number().int().min(100).default(60_000).describe('Timeout of one upstream call.'),
  })
  .refine((s) => (s.transport === 'stdio' ? !!s.command : !!s.url), {
    message: 'stdio upstreams need `command`, http upstreams need `url`',
  });

export const federationSchema = z
  .strictObject({
    servers: z.array(upstreamSchema).default([]).describe('External MCP servers whose tools are served through the gateway.'),
    healthIntervalMs: z.number().int().min(1000).default(30_000).describe('How often upstreams are pinged.'),
  })
  .prefault({});

export type UpstreamConfig = z.infer<typeof upstreamSchema>;
