import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { testkitServer } from '../../../test/helpers/test-tools.js';
import { systemIds } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';
import { buildMcpSession } from './server.js';

let t: TestGateway | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
  await t?.cleanup();
  t = undefined;
});

async function connect(role: string, options: { elicit?: 'accept' | 'decline' } = {}) {
  t ??= await createTestGateway({ servers: [testkitServer] });
  const session = await buildMcpSession({
    gateway: t.gateway,
    principal: principal(role),
    face: 'mcp-stdio',
    version: '1.2.3',
    ids: systemIds,
    log: createLogger({ level: 'silent', format: 'json', stream: { write() {} } }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'test-client', version: '1.0.0' }, { capabilities: options.elicit ? { elicitation: {} } : {} });
  if (options.elicit) {
    const action = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept' as const, content: { confirm: action === 'accept' } }));
  }
  await session.server.connect(serverSide);
  await client.connect(clientSide);
  return client;
}

describe('MCP face', () => {
  it('lists only the tools the principal may call, with schemas and annotations', async () => {
    const c = await connect('viewer');
    const { tools } = await c.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual(['testkit_echo', 'testkit_fail', 'testkit_slow']);
    const echo = tools.find((x) => x.name === 'testkit_echo');
    expect(echo?.inputSchema).toMatchObject({ type: 'object', properties: { message: { type: 'string' } }, required: ['message'] });
    expect(echo?.outputSchema).toMatchObject({ type: 'object', properties: { echoed: { type: 'string' } } });
    expect(echo?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true });
    for (const tool of tools) expect(tool.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('marks destructive tools with destructiveHint', async () => {
    const c = await connect('admin');
    const { tools } = await c.listTools();
    expect(tools.find((x) => x.name === 'testkit_delete')?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
  });

  it('returns structuredContent and a text rendering', async () => {
    const c = await connect('viewer');
    const result = await c.callTool({ name: 'testkit_echo', arguments: { message: 'hello' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ echoed: 'hello' });
    expect(result.content).toEqual([{ type: 'text', text: 'echo: hello' }]);
  });

  it('answers bad arguments with an isError result carrying E_VALIDATION, and audits it', async () => {
    const c = await connect('viewer');
    const result = await c.callTool({ name: 'testkit_echo', arguments: { message: 42 } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toMatch(/^E_VALIDATION: /);
    const audit = await t!.audit.query({ limit: 5 });
    expect(audit.items[0]).toMatchObject({ target: 'testkit_echo', outcome: 'error' });
  });

  it('answers a call outside the permitted set with E_FORBIDDEN as a tool error', async () => {
    const c = await connect('viewer');
    const result = await c.callTool({ name: 'testkit_write', arguments: { value: 1 } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toContain('E_FORBIDDEN');
  });

  it('answers an unknown tool with a protocol error', async () => {
    const c = await connect('viewer');
    await expect(c.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toBeInstanceOf(McpError);
  });

  it('sends progress notifications when the client asks for them', async () => {
    const c = await connect('viewer');
    const seen: number[] = [];
    await c.callTool({ name: 'testkit_slow', arguments: { steps: 3, stepMs: 1 } }, undefined, { onprogress: (p) => seen.push(p.progress) });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('cancels a running call when the client aborts', async () => {
    const c = await connect('viewer');
    const controller = new AbortController();
    const pending = c.callTool({ name: 'testkit_slow', arguments: { steps: 5, stepMs: 2000 } }, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort('user stopped'), 50);
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    const { calls } = await t!.gateway.calls.list({ limit: 5, operation: 'testkit_slow' });
    expect(calls[0]?.errorCode).toBe('E_CANCELLED');
  });

  it('confirms destructive calls through elicitation', async () => {
    const c = await connect('admin', { elicit: 'accept' });
    const result = await c.callTool({ name: 'testkit_delete', arguments: { name: 'via-elicitation' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ deleted: 'via-elicitation' });
  });

  it('stops a destructive call the user declines', async () => {
    const c = await connect('admin', { elicit: 'decline' });
    const result = await c.callTool({ name: 'testkit_delete', arguments: { name: 'declined' } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toContain('E_CANCELLED');
  });

  it('returns E_APPROVAL_REQUIRED for destructive calls when the client cannot elicit', async () => {
    const c = await connect('admin');
    const result = await c.callTool({ name: 'testkit_delete', arguments: { name: 'nope' } });
    expect(result.isError).toBe(true);
    expect((result.content as Array<{ text: string }>)[0]?.text).toContain('E_APPROVAL_REQUIRED');
  });
});
