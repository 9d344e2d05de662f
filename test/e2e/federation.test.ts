import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUpstreamHttp, type UpstreamHttp } from '../fakes/upstream-mcp-server.js';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';

const UPSTREAM_TOKEN = 'upstream-own-token-8c1f';

let upstream: UpstreamHttp;
let server: AuthServer;
let adminToken: string;
let viewerToken: string;
const clients: Client[] = [];

beforeAll(async () => {
  upstream = await startUpstreamHttp();
  server = await startAuthServer({
    env: {
      CODE_ENGINE_FEDERATION_SERVERS: JSON.stringify([
        { alias: 'web', transport: 'http', url: upstream.url, bearerToken: UPSTREAM_TOKEN, toolEffects: { echo: 'read' } },
      ]),
    },
  });
  adminToken = (await server.login('admin', ADMIN_PASSWORD)).accessToken;
  await server.createUser(adminToken, 'vera', 'viewer password 123', ['viewer']);
  viewerToken = (await server.login('vera', 'viewer password 123')).accessToken;
  const deadline = Date.now() + 20_000;
  while (server.s.runtime.federation.status()[0]?.state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`upstream not connected: ${JSON.stringify(server.s.runtime.federation.status())}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await server?.close();
  await upstream?.close();
});

async function mcpClient(token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.s.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  return client;
}

describe('federation through the server', () => {
  it('executes an upstream tool over REST and returns its CallToolResult', async () => {
    const res = await server.call('POST', '/api/mcp/execute', {
      token: adminToken,
      body: { tool: 'web__echo', arguments: { message: 'rest' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      tool: 'web__echo',
      result: { content: [{ type: 'text', text: 'echo: rest' }], structuredContent: { echoed: 'rest' } },
      text: 'echo: rest',
    });
  });

  it('describes an upstream tool with its exact input schema and configured effects', async () => {
    const res = await server.call('GET', '/api/mcp/tools/web__echo', { token: adminToken });
    expect(res.json()).toMatchObject({
      server: 'web',
      permission: 'mcp:web:call',
      effects: 'read',
      inputSchema: {
        type: 'object',
        properties: { message: { type: 'string', minLength: 1, description: 'What to echo' } },
        required: ['message'],
        $schema: 'http://json-schema.org/draft-07/schema#',
      },
    });
  });

  it('answers 403 E_FORBIDDEN to a viewer without mcp:web:call', async () => {
    const res = await server.call('POST', '/api/mcp/execute', {
      token: viewerToken,
      body: { tool: 'web__echo', arguments: { message: 'x' } },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('E_FORBIDDEN');
  });

  it('serves upstream tools to MCP clients over Streamable HTTP', async () => {
    const client = await mcpClient(adminToken);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['web__echo', 'web__headers', 'mcp_federation_status']));
    const result = await client.callTool({ name: 'web__echo', arguments: { message: 'mcp' } });
    expect(result).toEqual({ content: [{ type: 'text', text: 'echo: mcp' }], structuredContent: { echoed: 'mcp' } });
  });

  it('never forwards the caller’s token to the upstream, only the upstream’s own', async () => {
    const client = await mcpClient(adminToken);
    const result = await client.callTool({ name: 'web__headers', arguments: {} });
    expect(JSON.stringify(result)).not.toContain(adminToken);
    await server.call('POST', '/api/mcp/execute', { token: adminToken, body: { tool: 'web__headers', arguments: {} } });
    expect(JSON.stringify(upstream.requests)).not.toContain(adminToken);
    for (const r of upstream.requests) expect(r.headers.authorization).toBe(`Bearer ${UPSTREAM_TOKEN}`);
  });

  it('reports upstream state at GET /api/mcp/federation', async () => {
    const res = await server.call('GET', '/api/mcp/federation', { token: viewerToken });
    expect(res.statusCode).toBe(200);
    expect(res.json().servers).toEqual([
      expect.objectContaining({ alias: 'web', transport: 'http', state: 'connected', tools: 10, breaker: 'closed' }),
    ]);
  });

  it('keeps the upstream’s token out of the logs', () => {
    expect(server.s.logs.join('\n')).not.toContain(UPSTREAM_TOKEN);
  });
});
