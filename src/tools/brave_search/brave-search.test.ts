/**
 * The brave_search_* tools through the gateway against the loopback Brave fake (test/fakes/brave-search.ts): what
 * goes on the wire, what comes back (checked against each tool's output schema), and the result cache.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BraveSearchFake, startBraveSearchFake } from '../../../test/fakes/brave-search.js';
import { createTestGateway, principal, type TestGateway } from '../../../test/helpers/gateway.js';
import { outboundDeps } from '../../../test/helpers/loopback.js';
import { braveSearchSchema } from '../../core/config/brave-search.js';
import { type AppError, isAppError } from '../../core/errors.js';
import { braveSearchToolServer } from './index.js';

let fake: BraveSearchFake;
let t: TestGateway;
let now = Date.parse('2025-06-01T12:00:00Z');
const clock = { now: () => now, monotonic: () => now };

beforeEach(async () => {
  fake = await startBraveSearchFake();
  t = await gateway({});
});
afterEach(async () => {
  await t.cleanup();
  await fake.close();
});

async function gateway(settings: Record<string, unknown>): Promise<TestGateway> {
  const { http, resilience } = outboundDeps();
  const parsed = braveSearchSchema.parse({ apiKey: fake.apiKey, baseUrl: fake.apiUrl, summaryPollIntervalMs: 10, ...settings });
  return createTestGateway({ servers: [braveSearchToolServer({ http, resilience, settings: parsed, clock })] });
}

/** Call a tool and check its output against the tool's own output schema. */
async function call(name: string, input: unknown) {
  const result = await t.gateway.call(name, input, { face: 'rest', principal: principal('operator'), requestId: 'r' });
  const checked = t.gateway.registry.get(name)?.output.safeParse(result.output);
  expect(checked?.success, checked?.error?.message).toBe(true);
  return result as { output: Record<string, unknown> & { cached: boolean; quota?: unknown }; text: string };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

const last = () => fake.requests.at(-1)!;
const param = (name: string) => last().query.get(name);

describe('brave_search_web_search', () => {
  it('sends the key, gzip and Brave’s parameters, and returns plain-text results with the quota', async () => {
    const { output, text } = await call('brave_search_web_search', {
      query: '  kubernetes   pdb ',
      count: 3,
      offset: 1,
      country: 'de',
      searchLang: 'de',
      safesearch: 'strict',
      freshness: '2025-01-01to2025-03-31',
      sections: ['web', 'news'],
    });
    expect(last().path).toBe('/res/v1/web/search');
    expect(last().headers['x-subscription-token']).toBe(fake.apiKey);
    expect(last().headers['accept-encoding']).toContain('gzip');
    expect(Object.fromEntries(last().query)).toEqual({
      q: 'kubernetes pdb',
      count: '3',
      offset: '1',
      country: 'DE',
      search_lang: 'de',
      safesearch: 'strict',
      freshness: '2025-01-01to2025-03-31',
      result_filter: 'web,news,query',
      text_decorations: 'false',
    });
    const results = output.results as Array<{ title: string; url: string; description: string }>;
    expect(results.map((r) => r.title)).toEqual(['kubernetes pdb guide 4', 'kubernetes pdb guide 5', 'kubernetes pdb guide 6']);
    expect(results[0]?.description).toBe("All about kubernetes pdb: what it's for & how to use it (part 4).");
    expect(output.news).toMatchObject([
      { title: 'kubernetes pdb news 1', source: 'news.example.org', breaking: true },
      { breaking: false },
    ]);
    expect(output.videos).toBeUndefined();
    expect(output).toMatchObject({ query: 'kubernetes pdb', moreResultsAvailable: true, cached: false });
    expect(output.quota).toEqual([
      { windowSeconds: 1, limit: 20, remaining: 19, resetSeconds: 1 },
      { windowSeconds: 2_592_000, limit: 15_000, remaining: 14_999, resetSeconds: 1_419_704 },
    ]);
    expect(text).toContain('1. kubernetes pdb guide 4 — https://docs.example.com/kubernetes-pdb/4');
    expect(text).toContain('Brave quota: 19/20 left this second, 14999/15000 left this month.');
  });

  it('falls back to the configured country and safesearch', async () => {
    await t.cleanup();
    t = await gateway({ country: 'GB', safesearch: 'off' });
    await call('brave_search_web_search', { query: 'pdb', freshness: 'pw' });
    expect([param('country'), param('safesearch'), param('freshness'), param('result_filter')]).toEqual(['GB', 'off', 'pw', 'web,query']);
  });

  it('returns discussions, FAQ, videos and extra snippets on request', async () => {
    const { output } = await call('brave_search_web_search', {
      query: 'helm',
      sections: 'web,videos,discussions,faq',
      extraSnippets: 'true',
    });
    expect(param('extra_snippets')).toBe('true');
    expect(output.discussions).toMatchObject([{ title: 'helm guide 1', forum: 'r/devops', answers: 12 }]);
    expect(output.faq).toEqual([{ question: 'What is helm?', answer: 'helm is a thing.', url: 'https://faq.example.com/1' }]);
    expect(output.videos).toMatchObject([{ title: 'helm video 1', duration: '10:05', views: 1000, creator: 'CNCF' }]);
    expect((output.results as Array<{ extraSnippets: string[] }>)[0]?.extraSnippets).toEqual([
      'Extra one about helm',
      'Extra two about helm',
    ]);
  });
});

describe('the result cache', () => {
  it('answers a repeated search without reaching Brave, and says so', async () => {
    const first = await call('brave_search_web_search', { query: 'rust lang', count: 2 });
    const second = await call('brave_search_web_search', { query: ' rust   lang', count: 2 });
    expect(fake.requests).toHaveLength(1);
    expect(second.output.cached).toBe(true);
    expect(second.output.quota).toBeUndefined();
    expect(second.output.results).toEqual(first.output.results);
    expect(second.text).toContain('(from the result cache)');
  });

  it('asks Brave again once the entry expired', async () => {
    await call('brave_search_web_search', { query: 'rust lang' });
    now += 299_000;
    expect((await call('brave_search_web_search', { query: 'rust lang' })).output.cached).toBe(true);
    now += 2_000;
    expect((await call('brave_search_web_search', { query: 'rust lang' })).output.cached).toBe(false);
    expect(fake.requests).toHaveLength(2);
  });

  it('keeps different parameters and endpoints apart', async () => {
    await call('brave_search_web_search', { query: 'rust lang', count: 2 });
    await call('brave_search_web_search', { query: 'rust lang', count: 3 });
    await call('brave_search_news_search', { query: 'rust lang', count: 3 });
    expect(fake.requests).toHaveLength(3);
  });

  it('is off with cacheTtlSeconds 0', async () => {
    await t.cleanup();
    t = await gateway({ cacheTtlSeconds: 0 });
    await call('brave_search_web_search', { query: 'rust lang' });
    expect((await call('brave_search_web_search', { query: 'rust lang' })).output.cached).toBe(false);
    expect(fake.requests).toHaveLength(2);
  });

  it('never caches a failure', async () => {
    fake.enqueue({ status: 400, json: { type: 'ErrorResponse', error: { status: 400, code: 'VALIDATION', detail: 'bad' } } });
    expect((await failure(call('brave_search_web_search', { query: 'rust lang' }))).code).toBe('E_VALIDATION');
    expect((await call('brave_search_web_search', { query: 'rust lang' })).output.cached).toBe(false);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('news, image and video search', () => {
  it('searches news with freshness and country', async () => {
    const { output, text } = await call('brave_search_news_search', { query: 'postgres 18', freshness: 'pd', country: 'fr', count: 2 });
    expect(last().path).toBe('/res/v1/news/search');
    expect([param('freshness'), param('country'), param('count'), param('safesearch')]).toEqual(['pd', 'FR', '2', 'moderate']);
    expect(output.results).toEqual([
      {
        title: 'postgres 18 news 1',
        url: 'https://news.example.org/postgres-18-1',
        description: 'Reporting on postgres 18.',
        source: 'news.example.org',
        age: '1 hours ago',
        breaking: true,
        thumbnail: 'https://imgs.search.brave.com/news-1.jpg',
      },
      expect.objectContaining({ title: 'postgres 18 news 2', breaking: false }),
    ]);
    expect(text).toContain('BREAKING · news.example.org · 1 hours ago');
  });

  it('searches images, sending moderate safesearch as strict (images know only off and strict)', async () => {
    const { output } = await call('brave_search_image_search', { query: 'grafana heatmap', count: 2 });
    expect(last().path).toBe('/res/v1/images/search');
    expect(param('safesearch')).toBe('strict');
    expect((output.results as unknown[])[0]).toEqual({
      title: 'grafana heatmap image 1',
      pageUrl: 'https://blog.example.com/grafana-heatmap',
      imageUrl: 'https://blog.example.com/img/1.png',
      thumbnail: 'https://imgs.search.brave.com/thumb-1.jpg',
      source: 'blog.example.com',
      width: 1920,
      height: 1080,
      confidence: 'high',
    });
    expect(output.mightBeOffensive).toBe(false);
    await call('brave_search_image_search', { query: 'grafana heatmap', count: 2, safesearch: 'off' });
    expect(param('safesearch')).toBe('off');
  });

  it('searches videos', async () => {
    const { output } = await call('brave_search_video_search', { query: 'otel collector', count: 2, offset: 1, freshness: 'py' });
    expect(last().path).toBe('/res/v1/videos/search');
    expect([param('offset'), param('freshness')]).toEqual(['1', 'py']);
    expect(output.results).toMatchObject([
      { title: 'otel collector video 1', duration: '10:05', views: 1000, creator: 'CNCF', publisher: 'YouTube' },
      { title: 'otel collector video 2', views: 2000 },
    ]);
  });
});

describe('brave_search_local_search', () => {
  it('finds places: a web search for locations, then their POIs and descriptions', async () => {
    const { output, text } = await call('brave_search_local_search', { query: 'coffee near Union Square San Francisco', count: 2 });
    expect(fake.requests.map((r) => r.path)).toEqual(['/res/v1/web/search', '/res/v1/local/pois', '/res/v1/local/descriptions']);
    expect(fake.requests[0]?.query.get('result_filter')).toBe('web,locations');
    const ids = fake.requests[1]?.query.getAll('ids');
    expect(ids).toHaveLength(2);
    expect(fake.requests[2]?.query.getAll('ids')).toEqual(ids);
    const places = output.places as Array<Record<string, unknown>>;
    expect(places[0]).toEqual({
      id: ids?.[0],
      name: 'Blue Bottle Coffee',
      address: '10 Market St, San Francisco, CA 94103',
      phone: '+1 415-555-0100',
      rating: 4.5,
      ratingMax: 5,
      reviewCount: 120,
      priceRange: '$$',
      categories: ['Coffee shop', 'Café'],
      openingHours: { monday: '07:00-18:00', tuesday: '07:00-12:00, 13:00-18:00' },
      latitude: 37.78,
      longitude: -122.4,
      url: 'https://maps.example.com/place/0',
      description: 'A **cozy** spot: Blue Bottle Coffee.',
    });
    expect(places[1]?.name).toBe('Sightglass Coffee');
    expect(output.note).toBeUndefined();
    expect(text).toContain('1. Blue Bottle Coffee — 10 Market St');
  });

  it('answers with web results when Brave finds no places', async () => {
    const { output } = await call('brave_search_local_search', { query: 'espresso machine descaling' });
    expect(fake.requests).toHaveLength(1);
    expect(output.places).toEqual([]);
    expect((output.webResults as unknown[]).length).toBeGreaterThan(0);
    expect(output.note).toContain('no places');
  });

  it('keeps the web search’s details when the plan lacks the Local API', async () => {
    fake.notInPlan.add('/local/pois');
    fake.notInPlan.add('/local/descriptions');
    const { output } = await call('brave_search_local_search', { query: 'coffee near Union Square', count: 1 });
    expect(output.places).toMatchObject([{ name: 'Blue Bottle Coffee', latitude: 37.78 }]);
    expect((output.places as Array<Record<string, unknown>>)[0]?.address).toBeUndefined();
    expect(output.note).toContain('Local API');
  });
});

describe('brave_search_summarize', () => {
  it('searches with summary=1, polls the summarizer until complete and numbers the references', async () => {
    fake.summaryPendingPolls = 2;
    const { output, text } = await call('brave_search_summarize', { query: 'kubernetes pdb', freshness: 'pm' });
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/res/v1/web/search',
      '/res/v1/summarizer/search',
      '/res/v1/summarizer/search',
      '/res/v1/summarizer/search',
    ]);
    expect([fake.requests[0]?.query.get('summary'), fake.requests[0]?.query.get('freshness')]).toEqual(['1', 'pm']);
    expect(JSON.parse(last().query.get('key') ?? '{}')).toMatchObject({ query: 'kubernetes pdb' });
    expect(param('inline_references')).toBe('true');
    expect(output).toMatchObject({
      title: 'About kubernetes pdb',
      summary:
        'kubernetes pdb limits voluntary disruptions [1]. Key points:\n- minAvailable: pods that must stay up\n- maxUnavailable: pods that may be down\nSee the docs [1]',
      references: [{ number: 1, url: 'https://kubernetes.io/docs/pdb' }],
      followups: ['kubernetes pdb examples'],
      cached: false,
    });
    expect(output.sources as unknown[]).toHaveLength(5);
    expect(text).toContain('[1] https://kubernetes.io/docs/pdb');
  });

  it('serves a repeated summary from the cache', async () => {
    await call('brave_search_summarize', { query: 'kubernetes pdb' });
    const again = await call('brave_search_summarize', { query: 'kubernetes pdb' });
    expect(again.output.cached).toBe(true);
    expect(fake.requests).toHaveLength(2);
  });

  it('says when Brave has no summary for the query', async () => {
    fake.notInPlan.add('/summarizer/search');
    const e = await failure(call('brave_search_summarize', { query: 'kubernetes pdb' }));
    expect(e.code).toBe('E_NOT_FOUND');
    expect(e.message).toContain('no summarizer key');
  });

  it('gives up after summaryMaxPolls and caches nothing pending', async () => {
    await t.cleanup();
    t = await gateway({ summaryMaxPolls: 2 });
    fake.summaryPendingPolls = 100;
    const e = await failure(call('brave_search_summarize', { query: 'kubernetes pdb' }));
    expect(e).toMatchObject({ code: 'E_UPSTREAM', details: { reason: 'summary_incomplete', status: 'pending' } });
    await failure(call('brave_search_summarize', { query: 'kubernetes pdb' }));
    expect(fake.requests.filter((r) => r.path.endsWith('/summarizer/search'))).toHaveLength(4);
  });
});
