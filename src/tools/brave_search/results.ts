/**
 * What the brave_search_* tools return: result shapes in camelCase with plain-text titles and snippets (Brave's
 * `<strong>` highlights and HTML entities removed), the mappers from Brave's answers, and the `cached`/`quota`
 * fields every tool adds.
 */
import { z } from 'zod';
import type { imageResult, locationResult, newsResult, videoResult, webResult } from './api-schemas.js';
import { quotaWindow } from './rate-limit.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Brave's display text as plain text: tags dropped, entities decoded. */
export function plain(s: string): string {
  return s
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (m, e: string) => {
      if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? m;
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    })
    .trim();
}

/** Only the fields that are set: Brave sends null and empty strings where the outputs leave a field out. */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as never;
}

/** Whether the answer came from the cache, and the quota left. */
export const answerMeta = {
  cached: z.boolean().describe('true when served from the result cache (braveSearch.cacheTtlSeconds) without asking Brave'),
  quota: z
    .array(quotaWindow)
    .optional()
    .describe('Brave’s quota windows after this call, e.g. per second and per month; absent when cached'),
};

/** A web page. */
export const webOut = z.object({
  title: z.string(),
  url: z.string(),
  description: z.string().optional(),
  age: z.string().optional().describe('How old the page is, as Brave words it, e.g. "2 days ago"'),
  extraSnippets: z.array(z.string()).optional(),
});

/** A news article. */
export const newsOut = z.object({
  title: z.string(),
  url: z.string(),
  description: z.string().optional(),
  source: z.string().optional(),
  age: z.string().optional(),
  breaking: z.boolean(),
  thumbnail: z.string().optional(),
});

/** A video. */
export const videoOut = z.object({
  title: z.string(),
  url: z.string(),
  description: z.string().optional(),
  age: z.string().optional(),
  duration: z.string().optional().describe('HH:MM:SS or MM:SS'),
  views: z.number().optional(),
  creator: z.string().optional(),
  publisher: z.string().optional(),
  thumbnail: z.string().optional(),
});

/** An image. */
export const imageOut = z.object({
  title: z.string().optional(),
  pageUrl: z.string().optional().describe('The page the image was found on'),
  imageUrl: z.string().optional().describe('The image itself'),
  thumbnail: z.string().optional(),
  source: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  confidence: z.string().optional().describe('low, medium or high'),
});

/** A place. */
export const placeOut = z.object({
  id: z.string().describe('Brave’s temporary location ID (valid about 8 hours)'),
  name: z.string(),
  address: z.string().optional(),
  phone: z.string().optional(),
  rating: z.number().optional(),
  ratingMax: z.number().optional(),
  reviewCount: z.number().optional(),
  priceRange: z.string().optional(),
  categories: z.array(z.string()).optional(),
  openingHours: z.record(z.string(), z.string()).optional().describe('Day name → opening times, e.g. {"monday": "09:00-17:00"}'),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  url: z.string().optional(),
  description: z.string().optional().describe('Brave’s AI-written description of the place'),
});

const plainOrUndefined = (s: string | null | undefined) => (s ? plain(s) : undefined);

/** Brave web result → output. */
export const toWeb = (r: z.infer<typeof webResult>): z.infer<typeof webOut> => ({
  title: plain(r.title),
  url: r.url,
  ...defined({ description: plainOrUndefined(r.description), age: r.age }),
  ...(r.extra_snippets?.length ? { extraSnippets: r.extra_snippets.map(plain) } : {}),
});

/** Brave news result → output. */
export const toNews = (r: z.infer<typeof newsResult>): z.infer<typeof newsOut> => ({
  title: plain(r.title),
  url: r.url,
  ...defined({
    description: plainOrUndefined(r.description),
    source: r.source ?? r.meta_url?.hostname,
    age: r.age ?? r.page_age,
    thumbnail: r.thumbnail?.src,
  }),
  breaking: r.breaking ?? false,
});

/** Brave video result → output. */
export const toVideo = (r: z.infer<typeof videoResult>): z.infer<typeof videoOut> => {
  const views = typeof r.video?.views === 'string' ? Number(r.video.views.replace(/[^\d]/g, '')) || undefined : r.video?.views;
  return {
    title: plain(r.title),
    url: r.url,
    ...defined({
      description: plainOrUndefined(r.description),
      age: r.age,
      duration: r.video?.duration,
      views,
      creator: r.video?.creator,
      publisher: r.video?.publisher,
      thumbnail: r.thumbnail?.src,
    }),
  };
};

/** Brave image result → output. */
export const toImage = (r: z.infer<typeof imageResult>): z.infer<typeof imageOut> =>
  defined({
    title: plainOrUndefined(r.title),
    pageUrl: r.url,
    imageUrl: r.properties?.url,
    thumbnail: r.thumbnail?.src,
    source: r.source,
    width: r.properties?.width,
    height: r.properties?.height,
    confidence: r.confidence,
  });

type Location = z.infer<typeof locationResult>;

/** Opening hours as day → "09:00-12:00, 13:00-18:00"; today's first, as Brave lists it. */
function openingHours(h: Location['opening_hours']): Record<string, string> | undefined {
  if (!h) return undefined;
  const out: Record<string, string> = {};
  const days = [...(h.current_day ?? []), ...(h.days ?? []).flat()];
  for (const d of days) {
    const name = d.full_name.toLowerCase();
    const span = `${d.opens}-${d.closes}`;
    if (!out[name]) out[name] = span;
    else if (!out[name].split(', ').includes(span)) out[name] = `${out[name]}, ${span}`;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Brave location (web search or POI answer) → output, with its description if one came back. */
export function toPlace(p: Location & { id: string }, description?: string | null): z.infer<typeof placeOut> {
  const [latitude, longitude] = p.coordinates ?? [];
  return {
    id: p.id,
    name: plain(p.title),
    ...defined({
      address: p.postal_address?.displayAddress,
      phone: p.contact?.telephone,
      rating: p.rating?.ratingValue,
      ratingMax: p.rating?.bestRating,
      reviewCount: p.rating?.reviewCount,
      priceRange: p.price_range,
      categories: p.categories?.length ? p.categories : undefined,
      openingHours: openingHours(p.opening_hours),
      latitude,
      longitude,
      url: p.url ?? p.provider_url,
      description: plainOrUndefined(description),
    }),
  };
}

/** One numbered line per result for the text rendering. */
export function renderList<T extends { title?: string | undefined; url?: string | undefined }>(
  items: readonly T[],
  detail: (item: T) => string | undefined,
): string {
  return items
    .map((r, i) => {
      const more = detail(r);
      return `${i + 1}. ${r.title ?? '(untitled)'}${r.url ? ` — ${r.url}` : ''}${more ? `\n   ${more.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`;
    })
    .join('\n');
}
