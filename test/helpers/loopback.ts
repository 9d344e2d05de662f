/**
 * Outbound plumbing for tests of clients that talk to loopback fakes: the SSRF-guarded HTTP client allowed to reach
 * 127.0.0.0/8, resilience without jitter, and a port nobody listens on.
 */
import { createServer } from 'node:http';
import { systemClock } from '../../src/core/deps.js';
import { createResilience, type Resilience } from '../../src/resilience/create-resilience.js';
import { createHttpClient, type HttpClient } from '../../src/resilience/http-client.js';
import { createSsrfGuard } from '../../src/security/ssrf-guard.js';

/** The production HTTP client, with loopback (where the fakes listen) allowed. */
export function loopbackHttp(): HttpClient {
  return createHttpClient({ guard: createSsrfGuard({ allowCidrs: ['127.0.0.0/8'] }) });
}

/** `http` and `resilience` for a tool server under test; retries wait their minimum (no jitter). */
export function outboundDeps(): { http: HttpClient; resilience: Resilience } {
  return { http: loopbackHttp(), resilience: createResilience({ clock: systemClock, random: () => 0 }) };
}

/** A loopback port nobody listens on: connections are refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
