/**
 * The answers behind the Brave Search fake: realistic bodies of /web/search (web, news, videos, discussions, FAQ,
 * locations, summarizer key), /news/search, /images/search, /videos/search, /local/pois, /local/descriptions and
 * /summarizer/search, built from the query so tests can tell calls apart, and Brave's parameter checks
 * (422 VALIDATION with `meta.errors`).
 */

/** Brave's error body. */
export function errorBody(status: number, code: string, detail: string, meta: Record<string, unknown> = {}) {
  return { type: 'ErrorResponse', error: { id: '9a1c3e2f-0b7d-4d55-8a0e-5c1f2e3d4b6a', status, code, detail, meta }, time: 1_754_364_294 };
}

type Check = { loc: string; msg: string; input: string } | undefined;

const COUNTRIES = new Set(['ALL', 'AR', 'AU', 'AT', 'BE', 'BR', 'CA', 'CL', 'DK', 'FI', 'FR', 'DE', 'HK', 'IN', 'ID', 'IT', 'JP', 'KR']);
for (const c of ['MY', 'MX', 'NL', 'NZ', 'NO', 'CN', 'PL', 'PT', 'PH', 'RU', 'SA', 'ZA', 'ES', 'SE', 'CH', 'TW', 'TR', 'GB', 'US'])
  COUNTRIES.add(c);

/** Brave's parameter validation for an endpoint; undefined when the query passes. */
export function validate(endpoint: string, q: URLSearchParams): Check {
  const query = q.get('q');
  const needsQ = !endpoint.startsWith('/local/') && endpoint !== '/summarizer/search';
  if (needsQ && (!query || query.length > 400 || query.split(/\s+/).length > 50))
    return { loc: 'q', msg: 'Invalid query', input: query ?? '' };
  const country = q.get('country');
  if (country !== null && !COUNTRIES.has(country)) return { loc: 'country', msg: 'Input should be a supported country', input: country };
  const safe = q.get('safesearch');
  const safeValues = endpoint === '/images/search' ? ['off', 'strict'] : ['off', 'moderate', 'strict'];
  if (safe !== null && !safeValues.includes(safe))
    return { loc: 'safesearch', msg: `Input should be ${safeValues.join(' or ')}`, input: safe };
  const fresh = q.get('freshness');
  if (fresh !== null && !/^(?:pd|pw|pm|py|\d{4}-\d{2}-\d{2}to\d{4}-\d{2}-\d{2})$/.test(fresh)) {
    return { loc: 'freshness', msg: 'Invalid freshness', input: fresh };
  }
  const max = endpoint === '/web/search' ? 20 : endpoint === '/images/search' ? 200 : 50;
  const count = q.get('count');
  if (count !== null && !(Number(count) >= 1 && Number(count) <= max))
    return { loc: 'count', msg: `Input should be ≤ ${max}`, input: count };
  const offset = q.get('offset');
  if (offset !== null && !(Number(offset) >= 0 && Number(offset) <= 9)) return { loc: 'offset', msg: 'Input should be ≤ 9', input: offset };
  if (endpoint.startsWith('/local/') && q.getAll('ids').length === 0) return { loc: 'ids', msg: 'Field required', input: '' };
  return undefined;
}

const slug = (q: string) =>
  q
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const metaUrl = (host: string, path: string) => ({
  scheme: 'https',
  netloc: host,
  hostname: host,
  favicon: `https://imgs.search.brave.com/${host}`,
  path,
});

function webResults(query: string, count: number, offset: number, snippets: boolean) {
  return Array.from({ length: count }, (_, i) => {
    const n = offset * count + i + 1;
    return {
      type: 'search_result',
      subtype: 'generic',
      title: `<strong>${query}</strong> guide ${n}`,
      url: `https://docs.example.com/${slug(query)}/${n}`,
      is_source_local: false,
      is_source_both: false,
      description: `All about <strong>${query}</strong>: what it&#x27;s for &amp; how to use it (part ${n}).`,
      page_age: '2025-05-30T08:00:00',
      age: 'May 30, 2025',
      language: 'en',
      family_friendly: true,
      meta_url: metaUrl('docs.example.com', `› ${slug(query)} › ${n}`),
      ...(snippets ? { extra_snippets: [`Extra one about ${query}`, `Extra two about ${query}`] } : {}),
    };
  });
}

function newsResults(query: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    type: 'news_result',
    title: `${query} news ${i + 1}`,
    url: `https://news.example.org/${slug(query)}-${i + 1}`,
    description: `Reporting on <strong>${query}</strong>.`,
    age: `${i + 1} hours ago`,
    page_age: '2025-06-01T09:00:00',
    breaking: i === 0,
    is_live: false,
    meta_url: metaUrl('news.example.org', `› ${slug(query)}`),
    thumbnail: { src: `https://imgs.search.brave.com/news-${i + 1}.jpg` },
  }));
}

function videoResults(query: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    type: 'video_result',
    title: `${query} video ${i + 1}`,
    url: `https://video.example.net/watch?v=${slug(query)}${i + 1}`,
    description: `A talk on ${query}.`,
    age: 'March 3, 2025',
    video: { duration: `1${i}:05`, views: 1000 * (i + 1), creator: 'CNCF', publisher: 'YouTube' },
    thumbnail: { src: `https://imgs.search.brave.com/video-${i + 1}.jpg`, original: 'https://i.ytimg.com/x.jpg' },
    meta_url: metaUrl('video.example.net', '› watch'),
  }));
}

/** Locations the fake knows, by temporary ID. */
export const PLACES = new Map(
  ['Blue Bottle Coffee', 'Sightglass Coffee', 'Ritual Coffee Roasters'].map((title, i) => {
    const id = `1520066f3f39c0a${i}b6b4b7b0f1e4d7c9b0e6b1a3`;
    return [
      id,
      {
        type: 'location_result',
        id,
        title,
        url: `https://maps.example.com/place/${i}`,
        provider_url: `https://provider.example.com/${i}`,
        coordinates: [37.78 + i / 100, -122.4 - i / 100],
        zoom_level: 14,
        postal_address: { type: 'PostalAddress', country: 'US', displayAddress: `${10 + i} Market St, San Francisco, CA 94103` },
        contact: { telephone: `+1 415-555-010${i}` },
        rating: { ratingValue: 4.5 - i / 10, bestRating: 5, reviewCount: 120 + i, is_tripadvisor: false },
        price_range: '$$',
        categories: ['Coffee shop', 'Café'],
        opening_hours: {
          current_day: [{ abbr_name: 'Mon', full_name: 'Monday', opens: '07:00', closes: '18:00' }],
          days: [
            [{ abbr_name: 'Mon', full_name: 'Monday', opens: '07:00', closes: '18:00' }],
            [
              { abbr_name: 'Tue', full_name: 'Tuesday', opens: '07:00', closes: '12:00' },
              { abbr_name: 'Tue', full_name: 'Tuesday', opens: '13:00', closes: '18:00' },
            ],
          ],
        },
      },
    ];
  }),
);

/** `/web/search`; places only for "… near …" / "… in …" queries asking for locations; a summarizer key if asked and `summaries`. */
export function webAnswer(q: URLSearchParams, summaries: boolean) {
  const query = q.get('q') ?? '';
  const count = Number(q.get('count') ?? 20);
  const filter = q.get('result_filter')?.split(',');
  const wants = (section: string) => !filter || filter.includes(section);
  const local = wants('locations') && /\b(near|in)\b/i.test(query);
  const section = <T>(name: string, results: T[]) => (wants(name) ? { [name]: { type: name === 'web' ? 'search' : name, results } } : {});
  return {
    type: 'search',
    query: { original: query, more_results_available: true, country: (q.get('country') ?? 'US').toLowerCase(), is_geolocal: local },
    ...section('web', webResults(query, count, Number(q.get('offset') ?? 0), q.get('extra_snippets') === 'true')),
    ...section('news', newsResults(query, 2)),
    ...section('videos', videoResults(query, 1)),
    ...section('discussions', [
      { ...webResults(query, 1, 0, false)[0], type: 'discussion', data: { forum_name: 'r/devops', num_answers: 12 } },
    ]),
    ...section('faq', [{ question: `What is ${query}?`, answer: `${query} is a thing.`, title: 'FAQ', url: 'https://faq.example.com/1' }]),
    ...(local
      ? {
          locations: {
            type: 'locations',
            results: [...PLACES.values()].map(({ id, title, coordinates }) => ({ type: 'location_result', id, title, coordinates })),
          },
        }
      : {}),
    ...(summaries && q.get('summary') === '1'
      ? { summarizer: { type: 'summarizer', key: JSON.stringify({ query, country: 'us', language: 'en', safesearch: 'moderate' }) } }
      : {}),
  };
}

/** `/news/search`, `/videos/search`, `/images/search`. */
export function verticalAnswer(endpoint: string, q: URLSearchParams) {
  const query = q.get('q') ?? '';
  const count = Number(q.get('count') ?? 20);
  if (endpoint === '/news/search') return { type: 'news', query: { original: query }, results: newsResults(query, count) };
  if (endpoint === '/videos/search') return { type: 'videos', query: { original: query }, results: videoResults(query, count) };
  return {
    type: 'images',
    query: { original: query, altered: null, spellcheck_off: false, show_strict_warning: false },
    results: Array.from({ length: count }, (_, i) => ({
      type: 'image_result',
      title: `${query} image ${i + 1}`,
      url: `https://blog.example.com/${slug(query)}`,
      source: 'blog.example.com',
      page_fetched: '2025-05-01T10:00:00Z',
      thumbnail: { src: `https://imgs.search.brave.com/thumb-${i + 1}.jpg`, width: 200, height: 150 },
      properties: {
        url: `https://blog.example.com/img/${i + 1}.png`,
        placeholder: 'https://imgs.search.brave.com/p.jpg',
        width: 1920,
        height: 1080,
      },
      meta_url: metaUrl('blog.example.com', '› img'),
      confidence: 'high',
    })),
    extra: { might_be_offensive: false },
  };
}

/** A complete summary with an inline reference and a list. */
export function summaryAnswer(key: string) {
  const { query } = JSON.parse(key) as { query: string };
  return {
    type: 'summarizer',
    status: 'complete',
    title: `About ${query}`,
    summary: [
      { type: 'token', data: `${query} limits voluntary disruptions` },
      { type: 'inline_reference', data: { type: 'inline_reference', url: 'https://kubernetes.io/docs/pdb', number: 1 } },
      { type: 'token', data: '. Key points:' },
      { type: 'enum_start', data: 'ul' },
      { type: 'enum_item', data: { uuid: 'e1', name: 'minAvailable', text: 'pods that must stay up', url: 'https://kubernetes.io/a' } },
      { type: 'enum_item', data: { uuid: 'e2', name: 'maxUnavailable', text: 'pods that may be down' } },
      { type: 'enum_end' },
      { type: 'token', data: 'See the docs' },
      { type: 'inline_reference', data: { type: 'inline_reference', url: 'https://kubernetes.io/docs/pdb', number: 1 } },
    ],
    enrichments: { raw: '' },
    followups: [`${query} examples`],
  };
}
