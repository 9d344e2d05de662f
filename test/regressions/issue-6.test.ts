/**
 * Issue #6 (fast `code-engine mcp` start-up): the CLI runs from an esbuild bundle and loads some dependencies only
 * on first use. These paths run only in the built CLI, so they are tested through it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('issue #6: the bundled CLI', () => {
  let prometheus: Server;
  let url: string;

  beforeAll(async () => {
    // A loopback stand-in for Prometheus' instant-query API.
    prometheus = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          req.url?.startsWith('/api/v1/query')
            ? { status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'bundle' }, value: [1, '1'] }] } }
            : { status: 'error', errorType: 'bad_data', error: `unexpected ${req.url}` },
        ),
      );
    });
    await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    prometheus.close();
  });

  it('calls out over HTTP through the lazily loaded undici client', async () => {
    const res = await runCli(['tools', 'call', 'prometheus_query', '--json', '{"query":"up"}'], {
      env: {
        CODE_ENGINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'ce-issue6-')),
        CODE_ENGINE_PROMETHEUS_URL: url,
        CODE_ENGINE_HTTP_ALLOW_HOSTS: '127.0.0.1',
      },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('bundle');
  });

  it('scans with the bundled analysis worker threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ce-issue6-scan-'));
    writeFileSync(join(dir, 'a.ts'), 'export function twice(n: number): number {\n  return n > 0 ? n * 2 : 0;\n}\n');
    const out = join(dir, 'report.json');
    const res = await runCli(['scan', dir, '--format', 'json', '--out', out, '--no-progress'], {
      env: { CODE_ENGINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'ce-issue6-')), CODE_ENGINE_CRAWLER_WORKERS: '2' },
    });
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { totals: { files: number; functions: number } };
    expect(report.totals).toMatchObject({ files: 1, functions: 1 });
  });
});
