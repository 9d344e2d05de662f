/**
 * GET /health/live throughput of the full app (Fastify, helmet, request ids, metrics, logging)
 * vs a bare node:http server answering the same JSON, in the same run.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer } from '../test/helpers/app.js';
import { type BenchReport, loadTest } from './lib.js';

export default async function healthLive(): Promise<BenchReport> {
  const body = JSON.stringify({ status: 'pass' });
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/health/live`;
  const app = await startTestServer({ overrides: { 'log.level': 'warn' } });
  try {
    await loadTest(bareUrl, { durationSec: 1 }); // warm-up
    const baseline = await loadTest(bareUrl);
    await loadTest(`${app.url}/health/live`, { durationSec: 1 });
    const candidate = await loadTest(`${app.url}/health/live`);
    return {
      title: 'GET /health/live throughput',
      baseline: { name: 'bare node:http', value: baseline.rps, unit: 'req/s', higherIsBetter: true },
      candidates: [{ name: 'code-engine app', value: candidate.rps, unit: 'req/s', higherIsBetter: true }],
      notes: [`p99 latency: bare ${baseline.p99Ms} ms, app ${candidate.p99Ms} ms; errors ${candidate.errors}, non-2xx ${candidate.non2xx}`],
    };
  } finally {
    await app.close();
    bare.close();
  }
}
