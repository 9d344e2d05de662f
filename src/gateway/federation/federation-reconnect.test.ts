import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FederationHarness, startFederation, stdioUpstream } from '../../../test/helpers/federation.js';

let h: FederationHarness;
let echoBefore: unknown;
beforeAll(async () => {
  h = await startFederation([stdioUpstream('up'), stdioUpstream('nope', { command: '/nonexistent/upstream-binary', args: [] })]);
  echoBefore = h.gateway.registry.get('up__echo');
});
afterAll(async () => {
  await h?.cleanup();
});

const statusOf = (alias: string) => h.federation.status().find((s) => s.alias === alias);

describe('federation reconnect', () => {
  it('restarts a stdio upstream that died and serves its tools again', async () => {
    await h.call('up__die');
    await h.until(() => statusOf('up')?.lastError, 'the disconnect');
    await h.until(() => statusOf('up')?.state === 'connected', 'the reconnect');
    expect((await h.call('up__echo', { message: 'again' })).text).toBe('echo: again');
  });

  it('keeps the registered operations when the reconnected upstream lists the same tools', () => {
    expect(echoBefore).toBeDefined();
    expect(h.gateway.registry.get('up__echo')).toBe(echoBefore);
  });

  it('keeps retrying an upstream that cannot start, with backoff', async () => {
    await h.until(() => (statusOf('nope')?.reconnectAttempts ?? 0) >= 2, 'two failed attempts');
    expect(statusOf('nope')).toMatchObject({ state: expect.stringMatching(/disconnected|connecting/), tools: 0 });
    expect(statusOf('nope')?.lastError).toBeTruthy();
    expect(h.gateway.registry.server('nope')).toBeUndefined();
  });

  it('removes upstream tools and ends children on stop', async () => {
    await h.federation.stop();
    expect(h.gateway.registry.server('up')).toBeUndefined();
    expect(h.federation.status().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });
});
