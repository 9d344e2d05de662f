import { describe, expect, it } from 'vitest';
import { federationSchema } from '../../core/config/gateway.js';
import { describeOperation } from '../describe.js';
import { MCP_TOOL_NAME } from '../names.js';
import { upstreamOperations } from './upstream-tools.js';

const config = (extra: Record<string, unknown> = {}) =>
  federationSchema.parse({ servers: [{ alias: 'up', transport: 'stdio', command: 'node', ...extra }] }).servers[0] as NonNullable<
    ReturnType<typeof federationSchema.parse>['servers'][0]
  >;

const echoSchema = {
  type: 'object',
  properties: { message: { type: 'string', minLength: 1 } },
  required: ['message'],
  $schema: 'http://json-schema.org/draft-07/schema#',
};
const tools = [
  {
    name: 'echo',
    title: 'Echo',
    description: 'Echoes.',
    inputSchema: echoSchema,
    outputSchema: { type: 'object', properties: { echoed: { type: 'string' } } },
  },
  { name: 'files.read', inputSchema: { type: 'object' } },
  { name: 'list items', inputSchema: { type: 'object' } },
];
const noCall = async () => ({ content: [] });

describe('upstream tools', () => {
  it('names every tool <alias>__<tool> within the MCP name rule', () => {
    const names = upstreamOperations(config(), tools, noCall).operations.map((op) => op.name);
    expect(names[0]).toBe('up__echo');
    expect(names[1]).toMatch(/^up__files_read_[0-9a-f]{8}$/);
    expect(names[2]).toMatch(/^up__list_items_[0-9a-f]{8}$/);
    for (const name of names) expect(name).toMatch(MCP_TOOL_NAME);
  });

  it('shows the upstream JSON Schemas verbatim', () => {
    const [echo] = upstreamOperations(config(), tools, noCall).operations;
    const described = describeOperation(echo as NonNullable<typeof echo>, 'up');
    expect(described.inputSchema).toEqual(echoSchema);
    expect(described.outputSchema).toEqual(tools[0]?.outputSchema);
  });

  it('validates arguments with a schema converted from the upstream one', () => {
    const [echo] = upstreamOperations(config(), tools, noCall).operations;
    expect(echo?.input.safeParse({ message: 'hi' }).success).toBe(true);
    expect(echo?.input.safeParse({ message: '' }).success).toBe(false);
  });

  it('falls back to any object when a schema cannot be converted', () => {
    const odd = [{ name: 'odd', inputSchema: { type: 'object', properties: { a: { type: 'no-such-type' } } } }];
    const [op] = upstreamOperations(config(), odd, noCall).operations;
    expect(op?.input.safeParse({ a: 1, b: 'x' })).toEqual({ success: true, data: { a: 1, b: 'x' } });
  });

  it('defaults to effects external and permission mcp:<alias>:call on dependency mcp:<alias>', () => {
    const [echo] = upstreamOperations(config(), tools, noCall).operations;
    expect(echo).toMatchObject({ effects: 'external', permission: 'mcp:up:call', dependency: 'mcp:up', toolResult: true });
  });

  it('takes effects per upstream tool name and a configured permission', () => {
    const ops = upstreamOperations(config({ toolEffects: { 'files.read': 'read' }, permission: 'files:read' }), tools, noCall).operations;
    expect(ops.map((op) => [op.effects, op.permission])).toEqual([
      ['external', 'files:read'],
      ['read', 'files:read'],
      ['external', 'files:read'],
    ]);
  });

  it('leaves out tools that are not valid MCP tools, with the reason', () => {
    const { operations, skipped } = upstreamOperations(
      config(),
      [{ name: 'bad', inputSchema: { type: 'string' } }, { title: 'x' }],
      noCall,
    );
    expect(operations).toEqual([]);
    expect(skipped.map((s) => s.tool)).toEqual(['bad', '(unnamed)']);
  });

  it('runs a call with the upstream tool name', async () => {
    const calls: string[] = [];
    const [op] = upstreamOperations(config(), [tools[1]], async (tool) => {
      calls.push(tool);
      return { content: [] };
    }).operations;
    await op?.run({}, {} as never);
    expect(calls).toEqual(['files.read']);
  });
});
