/**
 * RBAC matrix over every face, and proof that no face reaches a handler without the pipeline:
 * for each built-in role, tools/list equals exactly the set of tools whose call is not forbidden, and every
 * forbidden call is audited as denied; a principal with no role is refused on every operation and every route.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from '../../src/auth/built-in-roles.js';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';
import { runCli } from '../helpers/cli.js';

let server: AuthServer;
let adminToken: string;
const tokens = new Map<string, string>();
const userIds = new Map<string, string>();
const ROLES = BUILT_IN_ROLES.map((r) => r.name);
const PASSWORD = 'matrix password 1234';

beforeAll(async () => {
  server = await startAuthServer({ overrides: { 'rateLimit.perMinute': '100000' } });
  adminToken = (await server.login('admin', ADMIN_PASSWORD)).accessToken;
  for (const role of [...ROLES, 'none']) {
    const id = await server.createUser(adminToken, `u_${role}`, PASSWORD, role === 'none' ? [] : [role]);
    userIds.set(role, id);
    tokens.set(role, (await server.login(`u_${role}`, PASSWORD)).accessToken);
  }
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const allTools = () =>
  server.s.runtime.gateway.registry
    .operations()
    .map((o) => o.name)
    .sort();

async function mcp(role: string): Promise<Client> {
  const client = new Client({ name: `rbac-${role}`, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.s.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${tokens.get(role)}` } },
    }),
  );
  return client;
}

/** RBAC's refusal, told apart from other E_FORBIDDEN answers (a path outside the file roots, a protected path). */
const isRbacDenial = (code: string | undefined, message: string) => code === 'E_FORBIDDEN' && message.includes('needs permission');

async function restDenied(role: string, tool: string): Promise<boolean> {
  const res = await server.call('POST', '/api/mcp/execute', { token: tokens.get(role), body: { tool, arguments: {} } });
  if (res.statusCode === 200) return false;
  const body = res.json();
  return isRbacDenial(body.code, String(body.detail ?? ''));
}

async function deniedAuditCount(role: string): Promise<number> {
  const { items } = await server.s.runtime.services.audit.query({
    principal: userIds.get(role),
    action: 'operation.call',
    outcome: 'denied',
    limit: 500,
  });
  return items.filter((i) => String((i.details as { error?: string } | null)?.error ?? '').includes('needs permission')).length;
}

describe.each(ROLES)('RBAC matrix for %s', (role) => {
  it('lists over MCP exactly the tools it may call, and every other call is forbidden and audited', async () => {
    const client = await mcp(role);
    try {
      const listed = (await client.listTools()).tools.map((t) => t.name).sort();
      const before = await deniedAuditCount(role);
      const forbidden: string[] = [];
      for (const tool of allTools()) {
        const result = await client.callTool({ name: tool, arguments: {} });
        const text = (result.content as Array<{ text?: string }>)[0]?.text ?? '';
        if (result.isError && isRbacDenial(text.split(':')[0], text)) forbidden.push(tool);
      }
      expect(listed).toEqual(allTools().filter((t) => !forbidden.includes(t)));
      expect((await deniedAuditCount(role)) - before).toBe(forbidden.length);
    } finally {
      await client.close();
    }
  });

  it('gives the same answer over REST', async () => {
    const client = await mcp(role);
    const listed = new Set((await client.listTools()).tools.map((t) => t.name));
    await client.close();
    for (const tool of allTools()) expect(await restDenied(role, tool), tool).toBe(!listed.has(tool));
  });
});

describe('CLI face', () => {
  it.each(['viewer', 'operator'])('lists for a local %s exactly what MCP lists for that role', async (role) => {
    const cli = await runCli(['tools', 'list', '--json', '--set', `mcp.stdio.role=${role}`, '--data-dir', server.s.dataDir], {
      env: { CODE_ENGINE_ADMIN_PASSWORD: ADMIN_PASSWORD },
    });
    expect(cli.code, cli.stderr).toBe(0);
    const client = await mcp(role);
    const listed = (await client.listTools()).tools.map((t) => t.name).sort();
    await client.close();
    expect(
      JSON.parse(cli.stdout)
        .map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual(listed);
  });

  it('refuses a viewer’s write call with exit code 1 and E_FORBIDDEN', async () => {
    const cli = await runCli(
      ['tools', 'call', 'resilience_reset_all_breakers', '--set', 'mcp.stdio.role=viewer', '--data-dir', server.s.dataDir],
      {
        env: { CODE_ENGINE_ADMIN_PASSWORD: ADMIN_PASSWORD },
      },
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('needs permission resilience:write');
  });
});

describe('no face reaches a handler without the pipeline', () => {
  it('refuses every registered operation to a principal without roles, on MCP and REST', async () => {
    const client = await mcp('none');
    try {
      expect((await client.listTools()).tools).toEqual([]);
      for (const tool of allTools()) {
        const result = await client.callTool({ name: tool, arguments: {} });
        expect((result.content as Array<{ text?: string }>)[0]?.text, tool).toMatch(/^E_FORBIDDEN/);
        expect(await restDenied('none', tool), tool).toBe(true);
      }
    } finally {
      await client.close();
    }
  });

  it('guards every operation route: 401 without credentials, 403 without the permission', async () => {
    const routes = server.s.runtime.gateway.registry.operations().flatMap((o) => (o.http ? [o.http] : []));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const url = route.path.replace(/:([A-Za-z0-9_]+)/g, 'x');
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      expect((await server.call(route.method, url, { body })).statusCode, `${route.method} ${url}`).toBe(401);
      const res = await server.call(route.method, url, { token: tokens.get('none'), body });
      expect(res.statusCode, `${route.method} ${url}`).toBe(403);
    }
  });

  it('uses only MCP-safe tool names', () => {
    for (const tool of allTools()) expect(tool).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });
});
