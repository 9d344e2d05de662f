/**
 * The official MCP conformance suite (server mode) against the real /mcp endpoint. The suite sends no
 * credentials, so a loopback proxy adds the admin's bearer token and passes every other header (Host, Origin)
 * through unchanged — the DNS-rebinding scenario still reaches our checks.
 */
import { execFile } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceFixtures } from '../conformance/fixture-tools.js';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';
import { cleanEnv } from '../helpers/cli.js';

let server: AuthServer;
let proxy: Server;
let proxyUrl: string;

beforeAll(async () => {
  // The suite sends a few hundred requests a minute; the default budget (100/min) would turn them into 429s.
  server = await startAuthServer({ runtime: { extraToolServers: [conformanceFixtures] }, overrides: { 'rateLimit.perMinute': '100000' } });
  const { accessToken } = await server.login('admin', ADMIN_PASSWORD);
  const target = new URL(server.s.url);
  proxy = createServer((req, res) => {
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, authorization: `Bearer ${accessToken}` },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  proxy?.closeAllConnections();
  proxy?.close();
  await server?.close();
});

describe('MCP conformance suite', () => {
  it('passes every scenario outside the baseline, and the baseline is not stale', async () => {
    const bin = join(process.cwd(), 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          bin,
          'server',
          '--url',
          proxyUrl,
          '--expected-failures',
          join(process.cwd(), 'test/conformance/baseline.yml'),
          '-o',
          join(server.s.dataDir, 'conformance'),
        ],
        { env: cleanEnv(), timeout: 240_000, maxBuffer: 20 * 1024 * 1024 },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out: `${stdout}\n${stderr}` }),
      );
    });
    expect(result.code, result.out.slice(-4000)).toBe(0);
  }, 300_000);
});
