/**
 * zod schemas of the Brave Search API answers the tools read
 * (https://api-dashboard.search.brave.com/app/documentation). Only the fields the tools use are named; unknown
 * fields pass through the parse and are dropped by the mappers. Brave leaves many fields out or sends null.
 */
import { z } from 'zod';

const text = z.string().nullish();
const thumbnail = z.looseObject({ src: text, width: z.number().nullish(), height: z.number().nullish() }).nullish();
const metaUrl = z.looseObject({ hostname: text, netloc: text }).nullish();
const queryInfo = z.looseObject({ original: z.string(), altered: text, more_results_available: z.boolean().nullish() });

/** A web result (`web.results[]`). */
export const webResult = z.looseObject({
  title: z.string(),
  url: z.string(),
  description: text,
  age: text,
  language: text,
  extra_snippets: z.array(z.string()).nullish(),
  meta_url: metaUrl,
});

/** A news result (`/news/search` results and `news.results[]` of a web search). */
export const newsResult = z.looseObject({
  title: z.string(),
  url: z.string(),
  description: text,
  age: text,
  page_age: text,
  source: text,
  breaking: z.boolean().nullish(),
  thumbnail,
  meta_url: metaUrl,
  extra_snippets: z.array(z.string()).nullish(),
});

/** A video result. */
export const videoResult = z.looseObject({
  title: z.string(),
  url: z.string(),
  description: text,
  age: text,
  thumbnail,
  meta_url: metaUrl,
  video: z
    .looseObject({
      duration: text,
      views: z.union([z.number(), z.string()]).nullish(),
      creator: text,
      publisher: text,
    })
    .nullish(),
});

/** An image result. */
export const imageResult = z.looseObject({
  title: text,
  url: text,
  source: text,
  thumbnail,
  properties: z.looseObject({ url: text, width: z.number().nullish(), height: z.number().nullish() }).nullish(),
  confidence: text,
});

const day = z.looseObject({ full_name: z.string(), opens: z.string(), closes: z.string() });

/** A place: `locations.results[]` of a web search and `/local/pois` results. */
export const locationResult = z.looseObject({
  id: text,
  title: z.string(),
  url: text,
  provider_url: text,
  coordinates: z.array(z.number()).nullish(),
  postal_address: z.looseObject({ displayAddress: text }).nullish(),
  contact: z.looseObject({ telephone: text, email: text }).nullish(),
  rating: z
    .looseObject({ ratingValue: z.number().nullish(), bestRating: z.number().nullish(), reviewCount: z.number().nullish() })
    .nullish(),
  price_range: text,
  categories: z.array(z.string()).nullish(),
  opening_hours: z.looseObject({ current_day: z.array(day).nullish(), days: z.array(z.union([day, z.array(day)])).nullish() }).nullish(),
  timezone: text,
});

const section = <T extends z.ZodType>(item: T) => z.looseObject({ results: z.array(item) }).nullish();

/** `/web/search`. */
export const webAnswer = z.looseObject({
  query: queryInfo.nullish(),
  web: section(webResult),
  news: section(newsResult),
  videos: section(videoResult),
  discussions: section(webResult.extend({ data: z.looseObject({ forum_name: text, num_answers: z.number().nullish() }).nullish() })),
  faq: section(z.looseObject({ question: z.string(), answer: z.string(), url: z.string(), title: text })),
  locations: section(locationResult),
  summarizer: z.looseObject({ key: z.string() }).nullish(),
});

/** `/news/search`. */
export const newsAnswer = z.looseObject({ query: queryInfo.nullish(), results: z.array(newsResult) });
/** `/videos/search`. */
export const videosAnswer = z.looseObject({ query: queryInfo.nullish(), results: z.array(videoResult) });
/** `/images/search`. */
export const imagesAnswer = z.looseObject({
  query: queryInfo.nullish(),
  results: z.array(imageResult),
  extra: z.looseObject({ might_be_offensive: z.boolean().nullish() }).nullish(),
});
/** `/local/pois`. */
export const poisAnswer = z.looseObject({ results: z.array(locationResult).nullish() });
/** `/local/descriptions`. */
export const descriptionsAnswer = z.looseObject({
  results: z.array(z.looseObject({ id: z.string(), description: text }).nullable()).nullish(),
});
/** `/summarizer/search`: `status` is `complete` once the summary is ready. */
export const summarizerAnswer = z.looseObject({
  status: text,
  title: text,
  summary: z.array(z.looseObject({ type: z.string(), data: z.unknown().optional() })).nullish(),
  followups: z.array(z.string()).nullish(),
});
