/**
 * Approvals across faces: over MCP a held-back call is a tool error with the request id and link even when the
 * client could confirm by elicitation; over REST approvers decide and the requester executes once on a real server,
 * whose webhook tells a loopback receiver about each step and whose Slack notifier posts to the loopback Slack fake.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildMcpSession } from '../../src/adapters/mcp/server.js';
import type { Principal } from '../../src/auth/principal.js';
import { systemIds } from '../../src/core/deps.js';
import { createLogger } from '../../src/core/logger.js';
import { approvalsToolServer, withApprovals } from '../../src/policy/approvals/index.js';
import { type SlackFake, startSlackFake } from '../fakes/slack.js';
import { type ApprovalsFixture, holdBack, openApprovals } from '../helpers/approvals.js';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';
import { createTestGateway, principal, type TestGateway } from '../helpers/gateway.js';
import { deleted, testkitServer } from '../helpers/test-tools.js';

const textOf = (result: unknown) => (result as { content?: Array<{ text?: string }> }).content?.[0]?.text ?? '';

describe('approvals over MCP', () => {
  let f: ApprovalsFixture;
  let g: TestGateway;
  let client: Client;
  let elicitations: string[];

  beforeAll(async () => {
    f = await openApprovals('sqlite');
    g = await createTestGateway({
      servers: [
        testkitServer,
        approvalsToolServer({
          service: f.service,
          call: (name, input, request) => g.gateway.call(name, input, request),
          lookup: (name) => g.gateway.registry.get(name),
        }),
      ],
      policy: withApprovals(holdBack(['testkit_delete']), f.service),
    });
  });
  afterAll(async () => {
    await g.cleanup();
    await f.cleanup();
  });
  afterEach(async () => {
    await client?.close();
  });

  /** A client that can elicit and says yes to every confirmation, as a requester eager to proceed would. */
  async function connect(who: Principal): Promise<Client> {
    elicitations = [];
    deleted.length = 0;
    const session = await buildMcpSession({
      gateway: g.gateway,
      principal: who,
      face: 'mcp-stdio',
      version: '1.0.0',
      ids: systemIds,
      log: createLogger({ level: 'silent', format: 'json', stream: { write() {} } }),
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    client = new Client({ name: 'approvals-e2e', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicitations.push(request.params.message);
      return { action: 'accept' as const, content: { confirm: true } };
    });
    await session.server.connect(serverSide);
    await client.connect(clientSide);
    return client;
  }

  it('answers a held-back call with a tool error naming the request and its link, without asking the requester', async () => {
    const c = await connect(principal('operator', 'alice'));
    const result = await c.callTool({ name: 'testkit_delete', arguments: { name: 'prod-db' } });
    expect(result.isError).toBe(true);
    const [, id] = /Approval request (\S+) /.exec(textOf(result)) ?? [];
    expect(textOf(result)).toMatch(/^E_APPROVAL_REQUIRED: testkit_delete in production needs approval\./);
    expect(textOf(result)).toContain(`https://ce.example.test/api/approvals/${id}`);
    expect(elicitations).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it('runs the approved call once after the requester confirms it, and refuses a replay', async () => {
    const c = await connect(principal('operator', 'alice'));
    const held = await c.callTool({ name: 'testkit_delete', arguments: { name: 'prod-db' } });
    const [, id = ''] = /Approval request (\S+) /.exec(textOf(held)) ?? [];
    await f.service.approve(id, principal('admin', 'bob'));
    const run = await c.callTool({ name: 'approvals_execute', arguments: { id } });
    expect(run.isError).toBeFalsy();
    expect(run.structuredContent).toMatchObject({ id, result: { deleted: 'prod-db' } });
    expect(elicitations).toHaveLength(1);
    const replay = await c.callTool({ name: 'approvals_execute', arguments: { id } });
    expect(textOf(replay)).toMatch(/^E_POLICY_DENIED: /);
    expect(deleted).toEqual(['prod-db']);
  });
});

describe('approvals over REST', () => {
  let server: AuthServer;
  let hooks: Server;
  let slack: SlackFake;
  const events: string[] = [];
  const tokens: Record<string, string> = {};
  let alice: Principal;

  beforeAll(async () => {
    hooks = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        events.push((JSON.parse(body) as { event: string }).event);
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/approvals`;
    slack = await startSlackFake();
    server = await startAuthServer({
      overrides: {
        'approvals.webhooks': JSON.stringify([{ url, secret: 'webhook signing secret' }]),
        'slack.token': slack.token,
        'slack.baseUrl': slack.apiUrl,
        'approvals.slack.channel': '#alerts',
        'http.allowCidrs': '127.0.0.1/32',
        'rateLimit.perMinute': '100000',
      },
    });
    const admin = (await server.login('admin', ADMIN_PASSWORD)).accessToken;
    for (const [name, role] of [
      ['alice', 'operator'],
      ['bob', 'admin'],
      ['victor', 'viewer'],
    ] as const) {
      await server.createUser(admin, name, 'approvals e2e password', [role]);
      tokens[name] = (await server.login(name, 'approvals e2e password')).accessToken;
    }
    alice = await server.s.runtime.services.auth.authenticate(tokens.alice as string);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => hooks?.close(resolve));
    await slack?.close();
  });

  /** What the policy engine does for a held-back call, here for system_version. */
  const hold = async () =>
    (
      await server.s.runtime.services.approvals.request({
        operation: 'system_version',
        effects: 'read',
        input: {},
        principal: alice,
        face: 'rest',
        reason: 'Needs a second pair of eyes.',
        rules: ['e2e'],
      })
    ).id;
  const as = (who: string, method: string, url: string, body?: unknown) =>
    server.call(method, url, { token: tokens[who] as string, ...(body !== undefined ? { body } : {}) });

  it('lists pending requests to viewers', async () => {
    const id = await hold();
    const res = await as('victor', 'GET', '/api/approvals?status=pending');
    expect(res.statusCode).toBe(200);
    expect(res.json().approvals.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('refuses decisions without approvals:decide', async () => {
    const id = await hold();
    expect((await as('victor', 'POST', `/api/approvals/${id}/approve`, {})).json()).toMatchObject({ status: 403, code: 'E_FORBIDDEN' });
    expect((await as('alice', 'POST', `/api/approvals/${id}/approve`, {})).json()).toMatchObject({ status: 403, code: 'E_FORBIDDEN' });
  });

  it('approves, executes once for the requester, refuses a replay and notifies the webhook', async () => {
    const id = await hold();
    expect((await as('bob', 'POST', `/api/approvals/${id}/approve`, { comment: 'ok' })).json()).toMatchObject({ status: 'approved' });
    expect((await as('bob', 'POST', `/api/approvals/${id}/execute`, {})).json()).toMatchObject({ code: 'E_FORBIDDEN' });
    expect((await as('alice', 'POST', `/api/approvals/${id}/execute`, { arguments: { x: 1 } })).json()).toMatchObject({
      code: 'E_VALIDATION',
    });
    const run = await as('alice', 'POST', `/api/approvals/${id}/execute`, {});
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ id, operation: 'system_version', result: { version: expect.any(String) } });
    expect((await as('alice', 'POST', `/api/approvals/${id}/execute`, {})).json()).toMatchObject({ status: 403, code: 'E_POLICY_DENIED' });
    await server.s.runtime.services.approvals.idle();
    expect(events).toEqual(expect.arrayContaining(['approval.requested', 'approval.approved', 'approval.executed']));
  });

  it('posts the request and its decision to Slack, in one thread', async () => {
    const id = await hold();
    await as('bob', 'POST', `/api/approvals/${id}/deny`, { reason: 'not today' });
    await server.s.runtime.services.approvals.idle();
    const messages = (slack.workspace.messages.get('C0ALERTS') ?? []).filter((m) => m.text.includes(id));
    expect(messages.map((m) => m.text.split(':')[0])).toEqual(['Approval requested', 'Denied']);
    expect(messages[0]?.text).toContain('requested by alice: Needs a second pair of eyes.');
    expect(messages[1]?.thread_ts).toBe(messages[0]?.ts);
    expect(JSON.stringify(messages[1]?.blocks)).toContain('bob: not today');
  });

  it('denies with a reason shown on the request', async () => {
    const id = await hold();
    await as('bob', 'POST', `/api/approvals/${id}/deny`, { reason: 'not during the freeze' });
    expect((await as('victor', 'GET', `/api/approvals/${id}`)).json()).toMatchObject({
      status: 'denied',
      votes: [{ decision: 'deny', comment: 'not during the freeze', voter: { name: 'bob' } }],
    });
  });
});
