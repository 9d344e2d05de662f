/**
 * GET /api/auth/me authenticated with a JWT (signature check, revocation check, cached user lookup) vs a probe
 * route running the identical handler for a fixed principal without authentication, in the same app and run.
 * Also reports login latency with the production argon2id parameters (19 MiB, 2 passes).
 */
import type { FastifyInstance } from 'fastify';
import { buildMe } from '../src/adapters/http/auth-routes.js';
import type { Principal } from '../src/auth/principal.js';
import { startTestServer } from '../test/helpers/app.js';
import { type BenchReport, loadTest, opsPerSecond } from './lib.js';

const PASSWORD = 'benchmark admin passphrase';

export default async function authMe(): Promise<BenchReport[]> {
  let fixed: Principal | undefined;
  let me: ReturnType<typeof buildMe> | undefined;
  const probe = (app: FastifyInstance) => {
    app.get('/bench/me-probe', async () => (me as NonNullable<typeof me>)(fixed as Principal));
  };
  const server = await startTestServer({
    env: { CODE_ENGINE_ADMIN_PASSWORD: PASSWORD },
    overrides: { 'log.level': 'warn', 'rateLimit.enabled': 'false' },
    routes: [probe],
  });
  try {
    const auth = server.runtime.services.auth;
    me = buildMe(auth);
    const loginTimes: number[] = [];
    let token = '';
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      const result = await auth.sessions.login('admin', PASSWORD);
      loginTimes.push(performance.now() - start);
      if (result.status === 'authenticated') token = result.tokens.accessToken;
    }
    fixed = await auth.authenticate(token);
    const headers = { authorization: `Bearer ${token}` };
    const probeUrl = `${server.url}/bench/me-probe`;
    const meUrl = `${server.url}/api/auth/me`;
    await loadTest(probeUrl, { durationSec: 1 });
    await loadTest(meUrl, { durationSec: 1, headers });
    // Alternate rounds and keep each side's median, so load from other processes hits both sides alike.
    const probeRuns: Awaited<ReturnType<typeof loadTest>>[] = [];
    const meRuns: Awaited<ReturnType<typeof loadTest>>[] = [];
    for (let round = 0; round < 3; round++) {
      probeRuns.push(await loadTest(probeUrl, { durationSec: 2 }));
      meRuns.push(await loadTest(meUrl, { durationSec: 2, headers }));
    }
    const mid = <T extends { rps: number }>(runs: T[]) => [...runs].sort((a, b) => a.rps - b.rps)[1] as T;
    const baseline = mid(probeRuns);
    const candidate = mid(meRuns);
    const authOps = await opsPerSecond(() => auth.authenticate(token), { minMs: 1000, warmup: 200 });
    const sorted = [...loginTimes].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    return [
      {
        title: 'GET /api/auth/me throughput: JWT-authenticated vs the same handler unauthenticated',
        baseline: { name: 'probe, no auth', value: baseline.rps, unit: 'req/s', higherIsBetter: true },
        candidates: [{ name: 'JWT (EdDSA) auth', value: candidate.rps, unit: 'req/s', higherIsBetter: true }],
        goal: { text: '≥ 0.8×', check: (ratio) => ratio >= 0.8 },
        notes: [
          `p99 latency: probe ${baseline.p99Ms} ms, authenticated ${candidate.p99Ms} ms; non-2xx ${baseline.non2xx}/${candidate.non2xx}, errors ${baseline.errors}/${candidate.errors}`,
          `authenticate(jwt) alone: ${Math.round(authOps).toLocaleString('en-US')} calls/s (${(1e6 / authOps).toFixed(1)} µs each)`,
        ],
      },
      {
        title: 'Login latency (argon2id m=19456 KiB, t=2, p=1), median of 10',
        baseline: { name: 'login median', value: median, unit: 'ms', higherIsBetter: false },
        candidates: [{ name: 'login max', value: sorted.at(-1) as number, unit: 'ms', higherIsBetter: false }],
        notes: [`all: ${sorted.map((t) => t.toFixed(1)).join(', ')} ms`],
      },
    ];
  } finally {
    await server.close();
  }
}
