import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';

let server: AuthServer;
let adminToken: string;
let viewerToken: string;

beforeAll(async () => {
  server = await startAuthServer();
  adminToken = (await server.login('admin', ADMIN_PASSWORD)).accessToken;
  await server.createUser(adminToken, 'vera', 'viewer password 123', ['viewer']);
  viewerToken = (await server.login('vera', 'viewer password 123')).accessToken;
});
afterAll(async () => {
  await server?.close();
});

async function mcpClient(token: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(`${server.s.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

/** A raw request, so Host and Origin can be set freely. */
function raw(path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: string }> {
  const url = new URL(server.s.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

describe('REST face of the gateway', () => {
  it('lists servers with the tools the caller may use', async () => {
    const res = await server.call('GET', '/api/mcp/servers', { token: viewerToken });
    expect(res.statusCode).toBe(200);
    const names = res.json().servers.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(['system', 'resilience']));
  });

  it('describes a tool with its JSON Schemas', async () => {
    const res = await server.call('GET', '/api/mcp/tools/system_version', { token: viewerToken });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'system_version',
      permission: 'system:read',
      effects: 'read',
      inputSchema: { type: 'object' },
    });
  });

  it('executes a tool and returns its structured result', async () => {
    const res = await server.call('POST', '/api/mcp/execute', { token: viewerToken, body: { tool: 'system_version', arguments: {} } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ tool: 'system_version', result: { version: expect.any(String) } });
  });

  it('answers invalid arguments with problem+json naming the field', async () => {
    const res = await server.call('POST', '/api/mcp/execute', {
      token: viewerToken,
      body: { tool: 'resilience_get_breaker', arguments: { name: 'bad name!' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'E_VALIDATION', errors: [expect.objectContaining({ path: 'name' })] });
  });

  it('forbids a viewer from a write tool with 403', async () => {
    const res = await server.call('POST', '/api/mcp/execute', {
      token: viewerToken,
      body: { tool: 'resilience_reset_all_breakers', arguments: {} },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('E_FORBIDDEN');
  });

  it('requires authentication', async () => {
    const res = await server.call('POST', '/api/mcp/execute', { body: { tool: 'system_version', arguments: {} } });
    expect(res.statusCode).toBe(401);
  });

  it('serves operations on their resource-style routes', async () => {
    const version = await server.call('GET', '/api/system/version', { token: viewerToken });
    expect(version.statusCode).toBe(200);
    expect(version.json().version).toMatch(/^\d+\.\d+\.\d+/);
    const breakers = await server.call('GET', '/api/circuit-breakers', { token: viewerToken });
    expect(breakers.statusCode).toBe(200);
    expect(breakers.json()).toHaveProperty('breakers');
  });

  it('shows a viewer only its own call history', async () => {
    await server.call('POST', '/api/mcp/execute', { token: adminToken, body: { tool: 'system_version', arguments: {} } });
    const res = await server.call('GET', '/api/mcp/calls?limit=50', { token: viewerToken });
    expect(res.statusCode).toBe(200);
    const principals = new Set(res.json().calls.map((c: { principalId: string }) => c.principalId));
    expect(principals.size).toBe(1);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await server.call('GET', '/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/mcp/execute', '/api/mcp/tools/{name}', '/api/circuit-breakers/{name}/open']),
    );
  });
});

describe('MCP over Streamable HTTP', () => {
  it('lists and calls tools with a bearer token', async () => {
    const { client } = await mcpClient(viewerToken);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('system_version');
      expect(tools.map((t) => t.name)).not.toContain('resilience_reset_all_breakers');
      const result = await client.callTool({ name: 'system_version', arguments: {} });
      expect(result.structuredContent).toMatchObject({ version: expect.any(String) });
    } finally {
      await client.close();
    }
  });

  it('refuses a request without credentials with 401 and WWW-Authenticate', async () => {
    const res = await raw('/mcp', { host: new URL(server.s.url).host }, initialize);
    expect(res.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await raw('/mcp', { host: 'attacker.example:7878', authorization: `Bearer ${viewerToken}` }, initialize);
    expect(res.status).toBe(403);
    expect(res.body).toContain('Host');
  });

  it('refuses a foreign Origin', async () => {
    const res = await raw(
      '/mcp',
      { host: new URL(server.s.url).host, origin: 'https://attacker.example', authorization: `Bearer ${viewerToken}` },
      initialize,
    );
    expect(res.status).toBe(403);
    expect(res.body).toContain('Origin');
  });

  it('keeps sessions apart: another principal cannot use a session id', async () => {
    const { client, transport } = await mcpClient(adminToken);
    try {
      const sessionId = transport.sessionId as string;
      expect(sessionId).toBeTruthy();
      const res = await raw(
        '/mcp',
        { host: new URL(server.s.url).host, authorization: `Bearer ${viewerToken}`, 'mcp-session-id': sessionId },
        { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      );
      expect(res.status).toBe(404);
    } finally {
      await client.close();
    }
  });
});
