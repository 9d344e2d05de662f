import { afterEach, describe, expect, it } from 'vitest';
import { type BraveSearchFake, braveRateLimited, errorBody, startBraveSearchFake } from '../../../test/fakes/brave-search.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { closedPort, outboundDeps } from '../../../test/helpers/loopback.js';
import { braveSearchSchema } from '../../core/config/brave-search.js';
import { systemClock } from '../../core/deps.js';
import { type AppError, isAppError } from '../../core/errors.js';
import { braveSearchToolServer } from './index.js';

let t: TestGateway | undefined;
let fake: BraveSearchFake | undefined;
afterEach(async () => {
  await t?.cleanup();
  await fake?.close();
  t = undefined;
  fake = undefined;
});

async function gateway(settings: Record<string, unknown>) {
  const { http, resilience } = outboundDeps();
  const parsed = braveSearchSchema.parse({ summaryPollIntervalMs: 10, ...settings });
  t = await createTestGateway({ servers: [braveSearchToolServer({ http, resilience, settings: parsed, clock: systemClock })] });
}

async function withFake(settings: Record<string, unknown> = {}): Promise<BraveSearchFake> {
  fake = await startBraveSearchFake();
  await gateway({ apiKey: fake.apiKey, baseUrl: fake.apiUrl, ...settings });
  return fake;
}

const call = (name: string, input: unknown, role = 'operator') =>
  t!.gateway.call(name, input, { face: 'rest', principal: principal(role), requestId: 'r' });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** Each tool, valid arguments and arguments it must refuse before spending quota. */
const TOOLS: Array<[name: string, valid: Record<string, unknown>, bad: Record<string, unknown>]> = [
  ['brave_search_web_search', { query: 'rust' }, { query: 'rust', freshness: '2025-03-01to2025-01-01' }],
  ['brave_search_local_search', { query: 'coffee near SoMa' }, { query: 'coffee', count: 21 }],
  ['brave_search_news_search', { query: 'rust' }, { query: 'rust', country: 'USA' }],
  ['brave_search_image_search', { query: 'rust' }, { query: 'x'.repeat(401) }],
  ['brave_search_video_search', { query: 'rust' }, { query: 'rust', offset: 10 }],
  ['brave_search_summarize', { query: 'what is rust' }, { query: Array.from({ length: 51 }, () => 'w').join(' ') }],
];

describe('brave_search tools, failures', () => {
  it.each(TOOLS)('%s refuses bad arguments with E_VALIDATION before calling Brave', async (name, _valid, bad) => {
    const brave = await withFake();
    const e = await failure(call(name, bad));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain(name);
    expect(brave.requests).toHaveLength(0);
  });

  it.each(TOOLS)('%s is denied to a viewer (needs web:search)', async (name, valid) => {
    const brave = await withFake();
    const e = await failure(call(name, valid, 'viewer'));
    expect(e.code).toBe('E_FORBIDDEN');
    expect(e.message).toContain('web:search');
    expect(brave.requests).toHaveLength(0);
  });

  it.each(TOOLS)('%s says when braveSearch.apiKey is not set', async (name, valid) => {
    await gateway({});
    const e = await failure(call(name, valid));
    expect(e.code).toBe('E_UNAVAILABLE');
    expect(e.message).toContain('braveSearch.apiKey is not set');
    expect(e.message).toContain('CODE_ENGINE_BRAVE_SEARCH_API_KEY');
  });

  it.each(TOOLS)('%s reports an unreachable Brave as E_UPSTREAM', async (name, valid) => {
    await gateway({ apiKey: 'BSAunused', baseUrl: `http://127.0.0.1:${await closedPort()}/res/v1` });
    const e = await failure(call(name, valid));
    expect(e.code).toBe('E_UPSTREAM');
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('answers E_RATE_LIMITED with the reset of the exhausted month when the quota is spent', async () => {
    const brave = await withFake();
    brave.enqueue(braveRateLimited([1, 0], [1, 86_400]));
    const e = await failure(call('brave_search_web_search', { query: 'rust' }));
    expect(e.code).toBe('E_RATE_LIMITED');
    expect(e.retryAfterMs).toBe(86_400_000);
    expect(e.message).toContain('Retry in 86400 s');
    expect(e.message).toContain('0/15000 left this month');
    expect(e.details).toMatchObject({ braveError: 'RATE_LIMITED', quota: [{ remaining: 1 }, { windowSeconds: 2_592_000, remaining: 0 }] });
    expect(brave.requests).toHaveLength(1);
  });

  it('waits out an exhausted per-second window and retries', async () => {
    const brave = await withFake();
    brave.enqueue(braveRateLimited([0, 900], [0, 86_400]));
    const { output } = await call('brave_search_news_search', { query: 'rust' });
    expect((output as { results: unknown[] }).results.length).toBeGreaterThan(0);
    expect(brave.requests).toHaveLength(2);
  });

  it('opens the brave_search breaker after repeated 5xx, for every tool', async () => {
    const brave = await withFake();
    const unavailable = { status: 503, json: errorBody(503, 'SERVICE_UNAVAILABLE', 'Upstream temporarily unavailable.') };
    brave.enqueue(...Array.from({ length: 15 }, () => unavailable));
    for (let i = 0; i < 5; i++) {
      const e = await failure(call('brave_search_web_search', { query: 'rust' }));
      expect(e.code).toBe('E_UPSTREAM');
      expect(e.message).toContain('Brave Search failed on /web/search (503): Upstream temporarily unavailable.');
    }
    expect(brave.requests).toHaveLength(15);
    const e = await failure(call('brave_search_image_search', { query: 'rust' }));
    expect(e.code).toBe('E_CIRCUIT_OPEN');
    expect(e.message).toContain('"brave_search"');
    expect(brave.requests).toHaveLength(15);
  });

  it('passes Brave’s parameter errors back as E_VALIDATION naming the field', async () => {
    await withFake();
    const e = await failure(call('brave_search_web_search', { query: 'rust', country: 'ZZ' }));
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message).toContain('country: Input should be a supported country');
    expect(e.issues).toEqual([{ path: 'country', message: 'Input should be a supported country' }]);
  });

  it('answers E_UNSUPPORTED when the plan lacks an endpoint', async () => {
    const brave = await withFake();
    brave.notInPlan.add('/news/search');
    const e = await failure(call('brave_search_news_search', { query: 'rust' }));
    expect(e).toMatchObject({ code: 'E_UNSUPPORTED', details: { braveError: 'OPTION_NOT_IN_PLAN', reason: 'plan' } });
  });

  it('answers E_TIMEOUT when Brave is slower than braveSearch.timeoutMs', async () => {
    const brave = await withFake({ timeoutMs: 1_000 });
    brave.enqueue({ delayMs: 3_000, json: {} });
    const e = await failure(call('brave_search_web_search', { query: 'rust' }));
    expect(e.code).toBe('E_TIMEOUT');
  });

  it('refuses an answer larger than maxResponseBytes once inflated', async () => {
    await withFake({ maxResponseBytes: 4_096 });
    const e = await failure(call('brave_search_web_search', { query: 'rust', count: 20 }));
    expect(e.code).toBe('E_PAYLOAD_TOO_LARGE');
  });

  it('reports a refused key naming braveSearch.apiKey, and never shows a key in errors or logs', async () => {
    const brave = await withFake();
    await t?.cleanup();
    const wrong = 'BSAwrong1234567890secret';
    await gateway({ apiKey: wrong, baseUrl: brave.apiUrl });
    const e = await failure(call('brave_search_web_search', { query: 'rust' }));
    expect(e).toMatchObject({
      code: 'E_UPSTREAM',
      retryable: false,
      details: { braveError: 'SUBSCRIPTION_TOKEN_INVALID', reason: 'upstream_auth' },
    });
    expect(e.message).toContain('braveSearch.apiKey');
    expect(brave.requests[0]?.headers['x-subscription-token']).toBe(wrong);
    // The gateway logs only internal errors; the audit log holds every call with its error message.
    const audit = JSON.stringify((await t!.audit.query({ limit: 50 })).items);
    expect(audit).toContain('brave_search_web_search');
    expect(audit).toContain('braveSearch.apiKey');
    for (const shown of [e.message, JSON.stringify(e.details), t!.logs.join('\n'), audit]) expect(shown).not.toContain(wrong);
  });
});
