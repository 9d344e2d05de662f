import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startUpstreamHttp, type UpstreamHttp } from '../../test/fakes/upstream-mcp-server.js';
import { createToolsCliHandlers } from './tools-cli.js';

let dir: string;
let upstream: UpstreamHttp;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ce-fed-cli-'));
  upstream = await startUpstreamHttp();
});
afterEach(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

const ctx = { configPath: undefined, overrides: {} };
const handlers = () =>
  createToolsCliHandlers({
    env: {
      CODE_ENGINE_DATA_DIR: dir,
      CODE_ENGINE_LOG_LEVEL: 'silent',
      CODE_ENGINE_FEDERATION_SERVERS: JSON.stringify([
        { alias: 'web', transport: 'http', url: upstream.url, bearerToken: 'cli-upstream-token' },
        { alias: 'mcp', transport: 'http', url: upstream.url },
      ]),
    },
    cwd: dir,
    stdoutIsTty: false,
  });

describe('federation in the in-process CLI', () => {
  it('calls an upstream tool and returns its CallToolResult', async () => {
    const outcome = await handlers().call(ctx, 'web__echo', { message: 'cli' }, { confirmed: false, remote: {} });
    expect(outcome).toMatchObject({ tool: 'web__echo', text: 'echo: cli', output: { structuredContent: { echoed: 'cli' } } });
  });

  it('lists upstream tools and the status operation', async () => {
    const names = (await handlers().list(ctx, {})).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['web__echo', 'mcp_federation_status']));
  });

  it('refuses the alias of the status server and reports why', async () => {
    const outcome = await handlers().call(ctx, 'mcp_federation_status', {}, { confirmed: false, remote: {} });
    const servers = (outcome.output as { servers: Array<{ alias: string; state: string; lastError?: string }> }).servers;
    expect(servers.find((s) => s.alias === 'mcp')).toMatchObject({ state: 'stopped', lastError: 'a built-in tool server is named "mcp"' });
  });

  it('ends the upstream session when the command finishes', async () => {
    await handlers().call(ctx, 'web__echo', { message: 'bye' }, { confirmed: false, remote: {} });
    expect(upstream.requests.at(-1)?.method).toBe('DELETE');
  });
});
