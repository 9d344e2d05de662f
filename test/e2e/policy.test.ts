/**
 * The policy engine through the real server: a rule from a rule file and a rule created over REST deny calls on
 * MCP and REST with E_POLICY_DENIED, the denials are audited, explain answers on its REST route, and a
 * require_approval rule holds a call back until another person approves it, after which it runs exactly once.
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
let operatorToken: string;

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
  await server.createUser(adminToken, 'otto', 'operator password 1234', ['operator']);
  operatorToken = (await server.login('otto', 'operator password 1234')).accessToken;
  const hold = await server.call('POST', '/api/policy/rules', {
    token: adminToken,
    body: {
      id: 'operators-ask-for-the-version',
      effect: 'require_approval',
      reason: 'Operators ask before reading the version.',
      match: { operations: ['system_version'], roles: ['operator'] },
    },
  });
  if (hold.statusCode !== 200) throw new Error(`create rule: ${hold.statusCode} ${hold.body}`);
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

  it('holds a call back for approval, then runs it once for its requester after an admin approves', async () => {
    const held = await server.call('POST', '/api/mcp/execute', { token: operatorToken, body: { tool: 'system_version', arguments: {} } });
    expect(held.statusCode).toBe(403);
    const problem = held.json();
    expect(problem).toMatchObject({ code: 'E_APPROVAL_REQUIRED' });
    expect(problem.detail).toContain('Operators ask before reading the version.');
    const id: string = problem.details.approvalId;
    expect(problem.detail).toContain(`Approval request ${id} `);

    const request = (await server.call('GET', `/api/approvals/${id}`, { token: adminToken })).json();
    expect(request).toMatchObject({ status: 'pending', operation: 'system_version', rules: ['operators-ask-for-the-version'] });
    expect((await server.call('POST', `/api/approvals/${id}/approve`, { token: operatorToken, body: {} })).json()).toMatchObject({
      code: 'E_FORBIDDEN',
    });
    expect((await server.call('POST', `/api/approvals/${id}/approve`, { token: adminToken, body: {} })).json()).toMatchObject({
      status: 'approved',
    });
    const run = await server.call('POST', `/api/approvals/${id}/execute`, { token: operatorToken, body: {} });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ id, result: { version: expect.any(String) } });
    const replay = await server.call('POST', `/api/approvals/${id}/execute`, { token: operatorToken, body: {} });
    expect(replay.json()).toMatchObject({ status: 403, code: 'E_POLICY_DENIED' });
  });

  it('refuses to change a rule that comes from a file', async () => {
    const res = await server.call('DELETE', '/api/policy/rules/no-friday-prod-deploys', { token: adminToken });
    expect(res.json()).toMatchObject({ code: 'E_FORBIDDEN' });
    expect(res.json().detail).toContain('team-rules.yaml');
  });
});
