import { afterEach, describe, expect, it } from 'vitest';
import { startUpstreamHttp, type UpstreamHttp } from '../../../test/fakes/upstream-mcp-server.js';
import { type FederationHarness, startFederation } from '../../../test/helpers/federation.js';

let h: FederationHarness | undefined;
let upstream: UpstreamHttp | undefined;
afterEach(async () => {
  await h?.cleanup();
  await upstream?.close();
  h = undefined;
  upstream = undefined;
});

const OPEN_MS = 60_000;

async function start() {
  upstream = await startUpstreamHttp();
  h = await startFederation(
    [{ alias: 'web', transport: 'http', url: upstream.url, bearerToken: 'upstream-token', headers: { 'x-tenant': 'acme' } }],
    { breaker: { consecutiveFailures: 2, openMs: OPEN_MS, halfOpenSuccesses: 1 } },
  );
  return { h, upstream };
}

describe('federation over Streamable HTTP', () => {
  it('registers and calls the upstream tools', async () => {
    const { h } = await start();
    expect((await h.call('web__echo', { message: 'over http' })).text).toBe('echo: over http');
  });

  it('sends the configured bearer token and headers on every request', async () => {
    const { h, upstream } = await start();
    await h.call('web__echo', { message: 'x' });
    expect(upstream.requests.length).toBeGreaterThan(2);
    for (const r of upstream.requests) expect(r.headers).toMatchObject({ authorization: 'Bearer upstream-token', 'x-tenant': 'acme' });
  });

  it('ends its upstream session (DELETE) on stop', async () => {
    const { h, upstream } = await start();
    await h.federation.stop();
    expect(upstream.requests.at(-1)?.method).toBe('DELETE');
  });

  it('cancels the upstream call when the MCP client cancels', async () => {
    const { h, upstream } = await start();
    const controller = new AbortController();
    const call = (await h.mcp()).callTool({ name: 'web__wait', arguments: {} }, undefined, { signal: controller.signal });
    await h.until(() => upstream.events.includes('wait:started'), 'the upstream call');
    controller.abort();
    await expect(call).rejects.toThrow();
    await h.until(() => upstream.events.includes('wait:cancelled'), 'the cancellation at the upstream');
  });

  it('opens the breaker when the upstream dies, fails fast, then recovers after reconnect', async () => {
    const { h, upstream } = await start();
    await upstream.die();
    for (let i = 0; i < 2; i++) await expect(h.call('web__echo', { message: 'x' })).rejects.toMatchObject({ code: 'E_UNAVAILABLE' });
    const before = upstream.requests.length;
    await expect(h.call('web__echo', { message: 'x' })).rejects.toMatchObject({ code: 'E_CIRCUIT_OPEN' });
    expect(h.resilience.breakers.get('mcp:web').snapshot().state).toBe('open');

    await upstream.revive();
    await h.until(() => h?.federation.status()[0]?.state === 'connected', 'the reconnect');
    expect(upstream.requests.length).toBeGreaterThan(before);
    h.clock.advance(OPEN_MS);
    expect((await h.call('web__echo', { message: 'back' })).text).toBe('echo: back');
    expect(h.resilience.breakers.get('mcp:web').snapshot().state).toBe('closed');
  });

  it('reports a disconnected upstream with its last error', async () => {
    const { h, upstream } = await start();
    await upstream.die();
    await expect(h.call('web__echo', { message: 'x' })).rejects.toMatchObject({ code: 'E_UNAVAILABLE' });
    const status = await h.until(() => {
      const s = h.federation.status()[0];
      return s?.state !== 'connected' && s?.lastError ? s : undefined;
    }, 'the disconnect');
    expect(status).toMatchObject({ alias: 'web', transport: 'http', tools: 10 });
  });
});
