/**
 * The prometheus_* tools against a real Prometheus (Debian's `prometheus` package) started here on loopback with a
 * temp storage path, scraping a real code-engine's /metrics every second. Skipped with a message when the binary is
 * missing, except in CI (CI=true), where .ci/run installs it and its absence is a failure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthServer, startAuthServer } from '../../../test/helpers/auth-server.js';
import { failure } from '../../../test/helpers/failure.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { outboundDeps } from '../../../test/helpers/loopback.js';
import { prometheusSchema } from '../../core/config/prometheus.js';
import { systemClock } from '../../core/deps.js';
import { prometheusToolServer } from './index.js';

const binary = (process.env.PATH ?? '/usr/bin')
  .split(delimiter)
  .map((d) => join(d, 'prometheus'))
  .find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
if (!binary && process.env.CI === 'true')
  throw new Error('CI=true but the prometheus binary is missing (.ci/run installs Debian’s prometheus).');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Poll `check` every 100 ms until it returns a value, for at most `limitMs` (a real process: no clock to inject). */
async function until<T>(what: string, limitMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (performance.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const RULES = `groups:
  - name: code-engine
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: AlwaysFiring
        expr: vector(1)
        labels: { severity: warning }
        annotations: { summary: "fires for the test" }
`;

describe.skipIf(!binary)(
  `prometheus tools against a real Prometheus${binary ? '' : ' (skipped: no prometheus binary; apt-get install prometheus)'}`,
  () => {
    let dir: string;
    let prometheus: ChildProcess;
    let promUrl: string;
    let server: AuthServer;
    let t: TestGateway;
    const log: string[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ce-prom-'));
      promUrl = `http://127.0.0.1:${await freePort()}`;
      server = await startAuthServer({ overrides: { 'prometheus.url': promUrl, 'http.allowHosts': '127.0.0.1' } });
      const target = new URL(server.s.url).host;
      writeFileSync(join(dir, 'rules.yml'), RULES);
      writeFileSync(
        join(dir, 'prometheus.yml'),
        `global: { scrape_interval: 1s, evaluation_interval: 1s }\nrule_files: [rules.yml]\nscrape_configs:\n  - job_name: code-engine\n    static_configs: [{ targets: ['${target}'] }]\n`,
      );
      prometheus = spawn(
        binary!,
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=${new URL(promUrl).host}`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      prometheus.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
      await until('Prometheus to be ready', 15_000, async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined));
      // Target discovery runs every 5 s, then the first scrape: wait for code-engine to be up.
      await until('code-engine to be scraped', 30_000, async () => {
        const body = (await (await fetch(`${promUrl}/api/v1/query?query=up{job="code-engine"}`)).json()) as { data: { result: unknown[] } };
        return body.data.result.length > 0 ? true : undefined;
      }).catch((e) => {
        throw new Error(`${(e as Error).message}\n${log.join('').slice(-2000)}`);
      });
      const { http, resilience } = outboundDeps();
      const settings = prometheusSchema.parse({ url: promUrl, maxSeries: 50 });
      t = await createTestGateway({ servers: [prometheusToolServer({ http, resilience, settings, clock: systemClock })] });
    }, 90_000);

    afterAll(async () => {
      await t?.cleanup();
      await server?.close();
      if (prometheus && prometheus.exitCode === null) {
        const exited = new Promise((r) => prometheus.once('exit', r));
        prometheus.kill('SIGTERM');
        await exited;
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const call = (name: string, input: unknown, role = 'viewer') =>
      t.gateway.call(name, input, { face: 'rest', principal: principal(role), requestId: 'r' });

    it('queries code-engine’s own up series', async () => {
      const { output, text } = await call('prometheus_query', { query: 'up{job="code-engine"}' });
      const o = output as { resultType: string; series: Array<{ metric: Record<string, string>; value: [number, string] }> };
      expect(o.resultType).toBe('vector');
      expect(o.series[0]?.metric).toMatchObject({ __name__: 'up', job: 'code-engine' });
      expect(o.series[0]?.value[1]).toBe('1');
      expect(text).toContain('up{');
    });

    it('returns a scalar result', async () => {
      const { output } = await call('prometheus_query', { query: 'scalar(vector(2))' });
      expect((output as { resultType: string; scalar: [number, string] }).scalar[1]).toBe('2');
    });

    it('passes Prometheus’s parse error back as E_VALIDATION', async () => {
      const e = await failure(call('prometheus_query', { query: 'sum(' }));
      expect(e.code).toBe('E_VALIDATION');
      expect(e.message).toContain('parse error');
    });

    it('caps the series and marks the result truncated', async () => {
      const { output } = await call('prometheus_query', { query: '{job="code-engine"}', limit: 2 });
      const o = output as { series: unknown[]; truncated: boolean; totalSeries: number };
      expect(o.series).toHaveLength(2);
      expect(o.truncated).toBe(true);
      expect(o.totalSeries).toBeGreaterThan(2);
    });

    it('runs a range query at a 1 s step', async () => {
      const { output } = await call('prometheus_query_range', { query: 'up{job="code-engine"}', start: 'now-1m', step: '1s' });
      const o = output as { resultType: string; series: Array<{ values: unknown[] }> };
      expect(o.resultType).toBe('matrix');
      expect(o.series[0]?.values.length).toBeGreaterThan(0);
    });

    it('refuses a 1 s step over 30 days before asking Prometheus', async () => {
      const e = await failure(call('prometheus_query_range', { query: 'up', start: 'now-30d', end: 'now', step: '1s' }));
      expect(e.code).toBe('E_VALIDATION');
      expect(e.message).toContain('prometheus.maxPointsPerSeries');
    });

    it('finds series by selector', async () => {
      const { output } = await call('prometheus_series', { match: ['up'] });
      expect((output as { series: Array<Record<string, string>> }).series).toContainEqual(expect.objectContaining({ job: 'code-engine' }));
    });

    it('lists label names', async () => {
      const { output } = await call('prometheus_labels', {});
      expect((output as { labels: string[] }).labels).toEqual(expect.arrayContaining(['__name__', 'instance', 'job']));
    });

    it('lists the values of a label', async () => {
      const { output } = await call('prometheus_label_values', { label: 'job' });
      expect((output as { values: string[] }).values).toContain('code-engine');
    });

    it('shows the code-engine target as up', async () => {
      const { output } = await call('prometheus_targets', { scrapePool: 'code-engine' });
      const [target] = (output as { targets: Array<{ health: string; scrapeUrl: string }> }).targets;
      expect(target?.health).toBe('up');
      expect(target?.scrapeUrl).toBe(`${server.s.url}/metrics`);
    });

    it('lists the firing alert with its annotations', async () => {
      const { output } = await until('the alert to fire', 10_000, async () => {
        const r = await call('prometheus_alerts', { state: 'firing' });
        return (r.output as { alerts: unknown[] }).alerts.length > 0 ? r : undefined;
      });
      expect((output as { alerts: unknown[] }).alerts).toContainEqual(
        expect.objectContaining({ name: 'AlwaysFiring', state: 'firing', annotations: { summary: 'fires for the test' } }),
      );
    });

    it('lists the rule group with a recording and an alerting rule', async () => {
      const { output } = await call('prometheus_rules', {});
      const [group] = (output as { groups: Array<{ name: string; rules: Array<{ name: string; type: string }> }> }).groups;
      expect(group?.name).toBe('code-engine');
      expect(group?.rules.map((r) => `${r.type}:${r.name}`)).toEqual(['recording:job:up:sum', 'alerting:AlwaysFiring']);
    });

    it('reads the metadata of a code-engine metric', async () => {
      const { output } = await until('metadata to be scraped', 10_000, async () => {
        const r = await call('prometheus_metadata', { metric: 'process_cpu_seconds_total' });
        return (r.output as { metrics: unknown[] }).metrics.length > 0 ? r : undefined;
      });
      expect((output as { metrics: unknown[] }).metrics).toEqual([
        expect.objectContaining({ metric: 'process_cpu_seconds_total', type: 'counter' }),
      ]);
    });

    it('is denied to a principal without monitoring:read', async () => {
      expect((await failure(call('prometheus_query', { query: 'up' }, 'ci_cd_service'))).code).toBe('E_FORBIDDEN');
    });

    it('answers through code-engine’s own REST face configured with prometheus.url', async () => {
      const { accessToken } = await server.login('admin', 'first start passphrase');
      const res = await server.call('POST', '/api/mcp/execute', {
        token: accessToken,
        body: { tool: 'prometheus_label_values', arguments: { label: 'job' } },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().result.values).toContain('code-engine');
    });
  },
);
