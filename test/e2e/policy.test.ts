/**
 * The policy engine through the real server: a rule from a rule file and a rule created over REST deny calls on
 * MCP and REST with E_POLICY_DENIED, the denials are audited, and explain answers on its REST route.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';

const RULES = fileURLToPath(new URL('../fixtures/policy/team-rules.yaml', import.meta.url));
let server: AuthServer;
let adminToken: string;
let viewerToken: string;
let viewerId: string;

beforeAll(async () => {
  server = await startAuthServer({
    overrides: { 'rateLimit.perMinute': '100000', 'policy.rulesFiles': JSON.stringify([RULES]) },
  });
  adminToken = (await server.login('admin', ADMIN_PASSWORD)).accessToken;
  viewerId = await server.createUser(adminToken, 'vera', 'viewer password 1234', ['viewer']);
  viewerToken = (await server.login('vera', 'viewer password 1234')).accessToken;
  const res = await server.call('POST', '/api/policy/rules', {
    token: adminToken,
    body: {
      id: 'no-version-for-viewers',
      effect: 'deny',
      reason: 'Viewers do not need the version.',
      match: { operations: ['system_version'], roles: ['viewer'] },
    },
  });
  if (res.statusCode !== 200) throw new Error(`create rule: ${res.statusCode} ${res.body}`);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

async function mcp(token: string): Promise<Client> {
  const client = new Client({ name: 'policy-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.s.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  return client;
}

const deniedFor = async (principal: string) =>
  (await server.s.runtime.services.audit.query({ principal, action: 'operation.call', outcome: 'denied', limit: 100 })).items;

describe('policy through the real gateway', () => {
  it('denies on REST with E_POLICY_DENIED, the rule and its reason', async () => {
    const res = await server.call('POST', '/api/mcp/execute', { token: viewerToken, body: { tool: 'system_version', arguments: {} } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'E_POLICY_DENIED', detail: 'Viewers do not need the version.' });
  });

  it('denies on MCP with an error result that starts with E_POLICY_DENIED', async () => {
    const client = await mcp(viewerToken);
    try {
      const result = await client.callTool({ name: 'system_version', arguments: {} });
      expect(result.isError).toBe(true);
      expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(/^E_POLICY_DENIED/);
    } finally {
      await client.close();
    }
  });

  it('audits the denials with their error code', async () => {
    const denied = await deniedFor(viewerId);
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(denied[0]).toMatchObject({ target: 'system_version', details: { errorCode: 'E_POLICY_DENIED' } });
  });

  it('leaves callers the rule does not match alone', async () => {
    const res = await server.call('POST', '/api/mcp/execute', { token: adminToken, body: { tool: 'system_version', arguments: {} } });
    expect(res.statusCode).toBe(200);
  });

  it('explains on its REST route, with rules from the rule file', async () => {
    const res = await server.call('POST', '/api/policy/explain', {
      token: viewerToken,
      body: {
        operation: 'deploy_rollout',
        effects: 'write',
        arguments: { environment: 'production', image: 'nginx' },
        at: '2026-01-09T14:00:00Z',
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ environment: 'production', decision: { effect: 'deny' } });
    expect(body.matched.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['AX-10', 'AX-11', 'no-friday-prod-deploys']));
  });

  it('lists axioms and rules on their REST routes', async () => {
    const axioms = await server.call('GET', '/api/policy/axioms?severity=critical', { token: viewerToken });
    expect(axioms.json().axioms.map((a: { id: string }) => a.id)).toContain('AX-01');
    const rules = await server.call('GET', '/api/policy/rules', { token: viewerToken });
    const ids = rules.json().rules.map((r: { rule: { id: string }; source: string }) => `${r.rule.id}:${r.source}`);
    expect(ids).toEqual(expect.arrayContaining(['no-friday-prod-deploys:file', 'no-version-for-viewers:db']));
  });

  it('refuses rule changes to callers without policy:write', async () => {
    const res = await server.call('DELETE', '/api/policy/rules/no-version-for-viewers', { token: viewerToken });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('E_FORBIDDEN');
  });

  it('refuses to change a rule that comes from a file', async () => {
    const res = await server.call('DELETE', '/api/policy/rules/no-friday-prod-deploys', { token: adminToken });
    expect(res.json()).toMatchObject({ code: 'E_FORBIDDEN' });
    expect(res.json().detail).toContain('team-rules.yaml');
  });
});
