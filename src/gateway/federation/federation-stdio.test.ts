import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FederationHarness, startFederation, stdioUpstream } from '../../../test/helpers/federation.js';
import { federatedName } from '../names.js';

// Set before the child starts: a stdio upstream must never inherit it.
process.env.CODE_ENGINE_FEDERATION_TEST_SECRET = 'must-not-leak';

let h: FederationHarness;
beforeAll(async () => {
  h = await startFederation([stdioUpstream('up', { env: { UPSTREAM_GREETING: 'hello' } })]);
});
afterAll(async () => {
  await h?.cleanup();
});

const echoInputSchema = {
  type: 'object',
  properties: { message: { type: 'string', minLength: 1, description: 'What to echo' } },
  required: ['message'],
  $schema: 'http://json-schema.org/draft-07/schema#',
};

describe('federation over stdio', () => {
  it('registers the upstream tools as <alias>__<tool>', () => {
    const names = h.gateway.registry.server('up')?.operations.map((op) => op.name);
    expect(names).toEqual([
      'up__echo',
      federatedName('up', 'files.read'),
      federatedName('up', 'list items'),
      'up__headers',
      'up__env',
      'up__fail',
      'up__count',
      'up__wait',
      'up__add_tool',
      'up__die',
    ]);
    expect(h.federation.status()).toEqual([expect.objectContaining({ alias: 'up', state: 'connected', tools: 10 })]);
  });

  it('calls an upstream tool through the gateway and returns its CallToolResult', async () => {
    const result = await h.call('up__echo', { message: 'hi' });
    expect(result.output).toEqual({ content: [{ type: 'text', text: 'echo: hi' }], structuredContent: { echoed: 'hi' } });
    expect(result.text).toBe('echo: hi');
  });

  it('rejects invalid arguments with E_VALIDATION before the upstream sees them', async () => {
    await expect(h.call('up__echo', { message: '' })).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });

  it('denies a viewer, who lacks mcp:up:call', async () => {
    await expect(h.call('up__echo', { message: 'hi' }, 'viewer')).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
  });

  it('hides upstream tools from a viewer’s MCP tool list', async () => {
    const { tools } = await (await h.mcp('viewer')).listTools();
    expect(tools.filter((t) => t.name.startsWith('up__'))).toEqual([]);
  });

  it('lists the upstream input and output JSON Schemas verbatim to MCP clients', async () => {
    const { tools } = await (await h.mcp()).listTools();
    const echo = tools.find((t) => t.name === 'up__echo');
    expect(echo?.inputSchema).toEqual(echoInputSchema);
    expect(echo?.outputSchema).toMatchObject({ properties: { echoed: { type: 'string' } }, required: ['echoed'] });
    expect(echo?.annotations).toMatchObject({ openWorldHint: true, readOnlyHint: false });
    expect(tools.find((t) => t.name === 'up__fail')?.outputSchema).toBeUndefined();
  });

  it('passes upstream content blocks to MCP clients intact', async () => {
    const result = await (await h.mcp()).callTool({ name: federatedName('up', 'files.read'), arguments: { path: '/etc/motd' } });
    expect(result).toEqual({
      content: [
        { type: 'text', text: 'contents of /etc/motd' },
        { type: 'image', data: Buffer.from('png').toString('base64'), mimeType: 'image/png' },
      ],
    });
  });

  it('passes structuredContent to MCP clients intact', async () => {
    const result = await (await h.mcp()).callTool({ name: 'up__echo', arguments: { message: 'structured' } });
    expect(result.structuredContent).toEqual({ echoed: 'structured' });
  });

  it('passes upstream tool errors through as isError results', async () => {
    const result = await (await h.mcp()).callTool({ name: 'up__fail', arguments: {} });
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text: 'the upstream tool failed on purpose' }] });
  });

  it('forwards upstream progress notifications to MCP clients', async () => {
    const updates: Array<{ progress: number; total?: number }> = [];
    const result = await (await h.mcp()).callTool({ name: 'up__count', arguments: { steps: 3 } }, undefined, {
      onprogress: (p) => updates.push({ progress: p.progress, total: p.total }),
    });
    expect(result.content).toEqual([{ type: 'text', text: 'counted to 3' }]);
    expect(updates).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
  });

  it('gives the child only PATH, HOME, its configured env and the SDK’s safe defaults', async () => {
    const result = await h.call('up__env');
    const env = (result.output as { structuredContent: { env: Record<string, string> } }).structuredContent.env;
    expect(env.UPSTREAM_GREETING).toBe('hello');
    expect(env.PATH).toBe(process.env.PATH);
    expect(Object.keys(env).filter((k) => k.startsWith('CODE_ENGINE'))).toEqual([]);
    // The SDK's StdioClientTransport adds its own short list of harmless variables (sudo-like).
    const allowed = new Set(['PATH', 'HOME', 'UPSTREAM_GREETING', 'LOGNAME', 'SHELL', 'TERM', 'USER']);
    expect(Object.keys(env).filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('re-lists tools on notifications/tools/list_changed and tells open MCP sessions', async () => {
    const client = await h.mcp();
    let notified = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      notified++;
    });
    await h.call('up__add_tool', { name: 'late.tool' });
    const late = federatedName('up', 'late.tool');
    await h.until(() => h.gateway.registry.get(late), 'the new tool in the registry');
    await h.until(() => notified > 0, 'list_changed on the MCP session');
    expect((await client.listTools()).tools.map((t) => t.name)).toContain(late);
    expect((await h.call(late)).text).toBe('late.tool');
  });
});
