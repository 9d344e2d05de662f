import { cpSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanToolsHarness, type ScanToolsHarness } from '../../../test/helpers/scan-tools.js';
import { supplyChainSchema } from '../../core/config/supply-chain.js';
import { systemClock, systemIds } from '../../core/deps.js';
import { createHttpClient, type HttpClient } from '../../resilience/http-client.js';
import { createSsrfGuard } from '../../security/ssrf-guard.js';
import { supplyChainToolServer } from './index.js';

const FIXTURES = new URL('../../../test/fixtures/', import.meta.url);

/** A loopback npm registry: abbreviated metadata for a few packages, 404 for others, 500 for "old-lib". */
function fakeRegistry(): Promise<{ url: string; paths: string[]; server: Server }> {
  const docs: Record<string, unknown> = {
    lodash: { name: 'lodash', 'dist-tags': { latest: '4.17.21' }, versions: { '4.17.15': {}, '4.17.21': {} } },
    'left-pad': { name: 'left-pad', 'dist-tags': { latest: '1.3.0' }, versions: { '1.3.0': { deprecated: 'use padStart' } } },
  };
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    if (name === 'old-lib') return res.writeHead(500).end('boom');
    const doc = docs[name];
    if (!doc) return res.writeHead(404).end('{}');
    res.writeHead(200, { 'content-type': 'application/vnd.npm.install-v1+json' }).end(JSON.stringify(doc));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, server })),
  );
}

describe('supply_chain_outdated against the npm registry', () => {
  let registry: Awaited<ReturnType<typeof fakeRegistry>>;
  const clients: HttpClient[] = [];
  const harnesses: ScanToolsHarness[] = [];

  const harness = async (allowLoopback: boolean) => {
    const http = createHttpClient({ guard: createSsrfGuard(allowLoopback ? { allowCidrs: ['127.0.0.1/32'] } : {}) });
    clients.push(http);
    const h = await createScanToolsHarness((parts) => [
      supplyChainToolServer({
        ...parts,
        settings: supplyChainSchema.parse({ registry: { enabled: true, npmUrl: registry.url } }),
        dataDir: parts.workspace,
        http,
        clock: systemClock,
        ids: systemIds,
        version: 'test',
      }),
    ]);
    cpSync(new URL('supply-chain/app', FIXTURES), join(h.workspace, 'shop'), { recursive: true });
    harnesses.push(h);
    return h;
  };
  type Row = { name: string; status: string; latest?: string; deprecated?: string; note?: string };
  const rows = (output: unknown) => Object.fromEntries((output as { packages: Row[] }).packages.map((p) => [p.name, p]));

  beforeAll(async () => {
    registry = await fakeRegistry();
  });
  afterAll(async () => {
    for (const h of harnesses) await h.cleanup();
    for (const c of clients) await c.close();
    await new Promise((resolve) => registry.server.close(resolve));
  });

  it('reads latest versions and deprecations from the registry', async () => {
    const h = await harness(true);
    const { output } = await h.call('supply_chain_outdated', { path: 'shop', source: 'registry' }, 'viewer');
    expect(output).toMatchObject({ source: 'registry' });
    expect(rows(output).lodash).toMatchObject({ status: 'outdated', latest: '4.17.21' });
    expect(rows(output)['left-pad']).toMatchObject({ status: 'current', deprecated: 'use padStart' });
  });

  it('leaves a package unknown when the registry fails for it', async () => {
    const h = await harness(true);
    const { output } = await h.call('supply_chain_outdated', { path: 'shop', source: 'registry' }, 'viewer');
    expect(rows(output)['old-lib']).toMatchObject({ status: 'unknown', note: 'The npm registry answered 500 for old-lib.' });
    expect(rows(output)['gpl-lib']).toMatchObject({ status: 'unknown', note: 'no metadata for this package' });
  });

  it('goes through the SSRF guard, which refuses loopback unless allowed', async () => {
    const h = await harness(false);
    const before = registry.paths.length;
    const { output } = await h.call('supply_chain_outdated', { path: 'shop', source: 'registry' }, 'viewer');
    expect(Object.values(rows(output)).every((r) => r.status === 'unknown')).toBe(true);
    expect(registry.paths.length).toBe(before);
  });
});
