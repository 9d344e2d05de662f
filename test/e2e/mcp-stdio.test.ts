import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startAuthServer } from '../helpers/auth-server.js';
import { BIN, cleanEnv } from '../helpers/cli.js';

let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

async function connect(dataDir: string, env: Record<string, string> = {}): Promise<{ client: Client; stderr: () => string }> {
  let stderr = '';
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    env: cleanEnv({ CODE_ENGINE_DATA_DIR: dataDir, CODE_ENGINE_LOG_LEVEL: 'info', ...env }),
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  client = new Client({ name: 'stdio-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe('MCP over stdio (code-engine mcp)', () => {
  it('serves the local principal’s tools and calls one, with logs only on stderr', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ce-stdio-'));
    const { client: c, stderr } = await connect(dataDir);
    const { tools } = await c.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['system_version', 'resilience_open_breaker']));
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    const result = await c.callTool({ name: 'system_version', arguments: {} });
    expect(result.structuredContent).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(stderr()).not.toContain('"jsonrpc"');
  });

  it('acts as the owner of CODE_ENGINE_API_KEY, limited to the key’s scopes', async () => {
    const server = await startAuthServer();
    try {
      const { accessToken } = await server.login('admin', ADMIN_PASSWORD);
      const res = await server.call('POST', '/api/keys', { token: accessToken, body: { name: 'stdio', scopes: ['system:read'] } });
      expect(res.statusCode).toBe(201);
      const key = res.json().key as string;
      const { client: c } = await connect(server.s.dataDir, { CODE_ENGINE_API_KEY: key, CODE_ENGINE_ADMIN_PASSWORD: ADMIN_PASSWORD });
      const names = (await c.listTools()).tools.map((t) => t.name);
      expect(names).toContain('system_version');
      expect(names).not.toContain('resilience_open_breaker');
    } finally {
      await server.close();
    }
  });

  it('exits with a clear message when CODE_ENGINE_API_KEY is invalid', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ce-stdio-'));
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'mcp'],
        { env: cleanEnv({ CODE_ENGINE_DATA_DIR: dataDir, CODE_ENGINE_API_KEY: 'ce_nope_notarealsecretvalue00000' }), timeout: 20_000 },
        (error, _stdout, stderr) => resolve({ code: error && typeof error.code === 'number' ? error.code : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/E_UNAUTHENTICATED|invalid|API key/i);
    expect(result.stderr).not.toContain('notarealsecretvalue');
  });
});

describe('MCP Inspector CLI', () => {
  const inspector = (args: string[], dataDir: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          join(process.cwd(), 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js'),
          '--cli',
          ...args,
          '-e',
          `CODE_ENGINE_DATA_DIR=${dataDir}`,
          process.execPath,
          BIN,
          'mcp',
        ],
        { env: cleanEnv(), timeout: 60_000, maxBuffer: 10 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });

  it('lists the tools', async () => {
    const res = await inspector(['--method', 'tools/list'], mkdtempSync(join(tmpdir(), 'ce-insp-')));
    expect(res.code, res.stderr).toBe(0);
    const names = JSON.parse(res.stdout).tools.map((t: { name: string }) => t.name);
    expect(names).toContain('system_gateway_info');
  });

  it('calls a tool', async () => {
    const res = await inspector(['--method', 'tools/call', '--tool-name', 'system_version'], mkdtempSync(join(tmpdir(), 'ce-insp-')));
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).structuredContent.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
