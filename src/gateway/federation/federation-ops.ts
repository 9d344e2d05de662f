/**
 * `mcp_federation_status`: every federated upstream with its connection state, tool count, last error and
 * breaker state — also served as `GET /api/mcp/federation`.
 */
import { z } from 'zod';
import { defineOperation, type ToolServer } from '../operation.js';
import type { FederationStatus } from './federation-manager.js';

const statusSchema = z.object({
  alias: z.string(),
  transport: z.enum(['stdio', 'http']),
  state: z.enum(['connecting', 'connected', 'disconnected', 'stopped']),
  tools: z.number().int(),
  server: z.object({ name: z.string(), version: z.string() }).optional(),
  lastError: z.string().optional(),
  lastErrorAt: z.string().optional(),
  connectedAt: z.string().optional(),
  lastRefreshAt: z.string().optional(),
  reconnectAttempts: z.number().int(),
  nextReconnectAt: z.string().optional(),
  breaker: z.enum(['closed', 'open', 'half-open']).optional().describe('State of the mcp:<alias> circuit breaker'),
});

/** What the status operation reads. */
export interface FederationOpsDeps {
  status(): FederationStatus[];
  /** State of a breaker by name (`mcp:<alias>`). */
  breakerState?(name: string): 'closed' | 'open' | 'half-open';
}

/**
 * The `mcp` tool server with `mcp_federation_status` (src/main registers it when upstreams are configured).
 * @example registry.register(federationToolServer({ status: manager.status, breakerState: (n) => breakers.get(n).snapshot().state }))
 */
export function federationToolServer(deps: FederationOpsDeps): ToolServer {
  const federationStatus = defineOperation({
    name: 'mcp_federation_status',
    title: 'Federated MCP servers',
    description:
      'Every configured upstream MCP server: connection state (connecting, connected, disconnected, stopped), number of tools, last error, reconnect attempts and its mcp:<alias> circuit breaker.',
    input: z.object({}),
    output: z.object({ servers: z.array(statusSchema) }),
    permission: 'system:read',
    effects: 'read',
    http: { method: 'GET', path: '/api/mcp/federation' },
    render: (o) =>
      o.servers.length === 0
        ? 'No federated MCP servers are configured.'
        : o.servers
            .map(
              (s) =>
                `${s.alias} (${s.transport}): ${s.state}, ${s.tools} tools${s.breaker ? `, breaker ${s.breaker}` : ''}${s.lastError ? ` — last error: ${s.lastError}` : ''}`,
            )
            .join('\n'),
    run: async () => ({
      servers: deps.status().map((s) => {
        const breaker = deps.breakerState?.(`mcp:${s.alias}`);
        return { ...s, ...(breaker ? { breaker } : {}) };
      }),
    }),
  });
  return {
    name: 'mcp',
    title: 'MCP federation',
    description: 'State of the federated upstream MCP servers whose tools appear as <alias>__<tool>.',
    operations: [federationStatus],
  };
}
