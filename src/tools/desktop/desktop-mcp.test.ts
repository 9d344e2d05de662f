/**
 * The desktop server end to end: over MCP (a real client, in-memory transport, the real gateway), and wired into a
 * real runtime from config (registration in src/main, protected config file and data dir).
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDesktopFixture, type DesktopFixture } from '../../../test/helpers/desktop.js';
import { principal } from '../../../test/helpers/gateway.js';
import { buildMcpSession } from '../../adapters/mcp/server.js';
import { loadConfig } from '../../core/config/load.js';
import { systemIds } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';
import { createRuntime } from '../../main/runtime.js';

let f: DesktopFixture;
const clients: Client[] = [];
beforeAll(async () => {
  f = await createDesktopFixture({ allow: ['echo'] });
  writeFileSync(join(f.root, 'hello.txt'), 'hi\n');
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});
afterAll(() => f.close());

async function connect(role: string, elicit?: boolean): Promise<Client> {
  const session = await buildMcpSession({
    gateway: f.t.gateway,
    principal: principal(role),
    face: 'mcp-stdio',
    version: 'test',
    ids: systemIds,
    log: createLogger({ level: 'silent', format: 'json', stream: { write() {} } }),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test', version: '1.0.0' }, { capabilities: elicit === undefined ? {} : { elicitation: {} } });
  if (elicit !== undefined)
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept' as const, content: { confirm: elicit } }));
  await session.server.connect(serverSide);
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

const errorText = (r: Awaited<ReturnType<Client['callTool']>>) => (r.content as Array<{ text: string }>)[0]?.text ?? '';

describe('desktop over MCP', () => {
  it('lists fifteen snake_case tools to an operator, with honest annotations', async () => {
    const { tools } = await (await connect('operator')).listTools();
    const desktop = tools.filter((t) => t.name.startsWith('desktop_'));
    expect(desktop).toHaveLength(15);
    for (const t of desktop) expect(t.name).toMatch(/^desktop_[a-z_]+$/);
    const hints = Object.fromEntries(desktop.map((t) => [t.name, t.annotations]));
    expect(hints.desktop_read_file).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(hints.desktop_write_file).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(hints.desktop_edit_file).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(hints.desktop_execute_command).toMatchObject({ destructiveHint: true });
    expect(desktop.every((t) => t.outputSchema)).toBe(true);
  });

  it('lists only the read tools to a viewer', async () => {
    const { tools } = await (await connect('viewer')).listTools();
    expect(
      tools
        .filter((t) => t.name.startsWith('desktop_'))
        .map((t) => t.name)
        .sort(),
    ).toEqual([
      'desktop_directory_tree',
      'desktop_file_info',
      'desktop_list_directory',
      'desktop_read_file',
      'desktop_read_multiple_files',
      'desktop_search_content',
      'desktop_search_files',
    ]);
  });

  it('returns structuredContent matching the output schema and a short text', async () => {
    const r = await (await connect('viewer')).callTool({ name: 'desktop_read_file', arguments: { path: 'hello.txt' } });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ content: 'hi\n', encoding: 'utf-8' });
    expect(errorText(r)).toContain('hello.txt (3 bytes, utf-8)');
  });

  it('answers bad arguments with an E_VALIDATION tool error', async () => {
    const r = await (await connect('viewer')).callTool({ name: 'desktop_read_file', arguments: { path: 7 } });
    expect(r.isError).toBe(true);
    expect(errorText(r)).toMatch(/^E_VALIDATION: /);
  });

  it('answers a path outside the roots with an E_FORBIDDEN tool error', async () => {
    const r = await (await connect('viewer')).callTool({ name: 'desktop_read_file', arguments: { path: '/etc/passwd' } });
    expect(errorText(r)).toMatch(/^E_FORBIDDEN: /);
  });

  it('asks before a destructive write and writes nothing when the user declines', async () => {
    const r = await (await connect('operator', false)).callTool({
      name: 'desktop_write_file',
      arguments: { path: 'declined.txt', content: 'x' },
    });
    expect(errorText(r)).toMatch(/^E_CANCELLED: /);
    expect(() => readFileSync(join(f.root, 'declined.txt'))).toThrow();
  });

  it('writes after the user accepts', async () => {
    const r = await (await connect('operator', true)).callTool({
      name: 'desktop_write_file',
      arguments: { path: 'accepted.txt', content: 'x' },
    });
    expect(r.structuredContent).toMatchObject({ created: true });
  });

  it('runs an allowed program after confirmation', async () => {
    const r = await (await connect('operator', true)).callTool({
      name: 'desktop_execute_command',
      arguments: { command: 'echo', args: ['via', 'mcp'] },
    });
    expect(r.structuredContent).toMatchObject({ exitCode: 0, stdout: 'via mcp\n' });
  });
});

describe('desktop in a runtime built from config', () => {
  it('serves the tools inside security.files.roots and protects the config file and data dir', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ce-desktop-rt-')));
    const configFile = join(dir, 'code-engine.yaml');
    mkdirSync(join(dir, 'work'));
    writeFileSync(configFile, `dataDir: ${join(dir, 'data')}\nsecurity:\n  files:\n    roots: ['${dir}']\n`);
    const runtime = createRuntime(loadConfig({ cwd: dir, overrides: { 'log.level': 'silent' } }), { logStream: { write() {} } });
    try {
      await runtime.startMigrations();
      const call = (name: string, input: unknown) =>
        runtime.gateway.call(name, input, { face: 'cli', principal: principal('operator'), requestId: 'rt', confirmed: true });
      expect((await call('desktop_write_file', { path: 'work/a.txt', content: 'ok' })).output).toMatchObject({ created: true });
      await expect(call('desktop_write_file', { path: 'code-engine.yaml', content: 'x: 1' })).rejects.toMatchObject({
        code: 'E_FORBIDDEN',
      });
      await expect(call('desktop_read_file', { path: 'data/secrets.key' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
      await expect(call('desktop_execute_command', { command: 'ls' })).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
      expect(readFileSync(configFile, 'utf8')).toContain('roots');
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
