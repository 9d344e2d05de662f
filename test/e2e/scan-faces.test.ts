/**
 * The crawler's faces end to end on a real server: a background scan over REST (/api/scans), a security scan
 * and its SARIF report, and a CycloneDX SBOM through POST /api/mcp/execute, on paths inside the configured roots.
 */
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type AuthServer, startAuthServer } from '../helpers/auth-server.js';

let server: AuthServer;
let token: string;
let viewer: string;
let workspace: string;

beforeAll(async () => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), 'ce-faces-')));
  cpSync(new URL('../fixtures/supply-chain/app', import.meta.url), join(workspace, 'shop'), { recursive: true });
  writeFileSync(join(workspace, 'shop/app.js'), 'export function run(input) {\n  return eval(input);\n}\n');
  server = await startAuthServer({ overrides: { 'security.files.roots': JSON.stringify([workspace]), 'crawler.workers': '0' } });
  token = (await server.login('admin', ADMIN_PASSWORD)).accessToken;
  await server.createUser(token, 'vera', 'viewer password 1234', ['viewer']);
  viewer = (await server.login('vera', 'viewer password 1234')).accessToken;
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(workspace, { recursive: true, force: true });
});

describe('crawler, security and supply-chain faces', () => {
  it('runs a background scan and serves its report over REST', async () => {
    const started = await server.call('POST', '/api/scans', { token, body: { path: 'shop', analyses: ['sast', 'deps'] } });
    expect(started.statusCode).toBe(200);
    const jobId = started.json().jobId as string;
    let job = started.json();
    await expect
      .poll(async () => {
        job = (await server.call('GET', `/api/scans/jobs/${jobId}`, { token: viewer })).json();
        return job.status;
      })
      .toBe('succeeded');
    const report = await server.call('GET', `/api/scans/${job.snapshotId}/report?format=sarif`, { token: viewer });
    expect(report.statusCode).toBe(200);
    expect(JSON.parse(report.json().content).runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('sast/js-eval');
  });

  it('refuses a scan outside the roots with problem+json', async () => {
    const res = await server.call('POST', '/api/scans', { token, body: { path: '/etc' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('E_FORBIDDEN');
  });

  it('refuses a viewer starting a scan', async () => {
    const res = await server.call('POST', '/api/security/scans', { token: viewer, body: { path: 'shop' } });
    expect(res.statusCode).toBe(403);
  });

  it('stores a security scan and reports it as SARIF', async () => {
    const scan = await server.call('POST', '/api/security/scans', { token, body: { path: 'shop', minSeverity: 'high' } });
    expect(scan.json()).toMatchObject({ byKind: { sast: 1 } });
    const sarif = await server.call('GET', `/api/security/scans/${scan.json().snapshotId}/report`, { token: viewer });
    expect(JSON.parse(sarif.json().content).version).toBe('2.1.0');
  });

  it('builds a CycloneDX SBOM through the execute route', async () => {
    const res = await server.call('POST', '/api/mcp/execute', {
      token: viewer,
      body: { tool: 'supply_chain_sbom', arguments: { path: 'shop' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().result.bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5' });
    expect(res.json().text).toContain('7 components');
  });

  it('answers E_VALIDATION for a bad argument on the execute route', async () => {
    const res = await server.call('POST', '/api/mcp/execute', {
      token: viewer,
      body: { tool: 'supply_chain_verify_lockfile', arguments: { path: 42 } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('E_VALIDATION');
  });
});
