/**
 * Brave's vertical searches: `brave_search_news_search`, `brave_search_image_search` and
 * `brave_search_video_search`, each one GET of its own endpoint.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { imagesAnswer, newsAnswer, videosAnswer } from './api-schemas.js';
import { commonParams, countArg, countryArg, flagArg, freshnessArg, offsetArg, queryArg, safesearchArg, searchLangArg } from './args.js';
import type { BraveSearchClient } from './client.js';
import { answerMetaOf, commonDef, lines, metaLine } from './common.js';
import { answerMeta, imageOut, newsOut, renderList, toImage, toNews, toVideo, videoOut } from './results.js';

const quotaNote = 'Each call not served from the short-lived cache spends one request of the Brave plan’s quota.';

/** Build the three operations. */
export function mediaOps(client: BraveSearchClient): Operation[] {
  const common = commonDef(client);

  const news = defineOperation({
    ...common,
    name: 'brave_search_news_search',
    title: 'Brave news search',
    description: `Recent news articles from Brave Search: title, source, age and snippet; filter by freshness (pd = last 24 h), country, language. ${quotaNote}`,
    input: z.object({
      query: queryArg,
      count: countArg(50, 20),
      offset: offsetArg,
      country: countryArg,
      searchLang: searchLangArg,
      safesearch: safesearchArg,
      freshness: freshnessArg,
      extraSnippets: flagArg.optional().describe('Up to 5 extra excerpts per article (plans that include them). Default false.'),
    }),
    output: z.object({ query: z.string(), results: z.array(newsOut), ...answerMeta }),
    http: { method: 'GET', path: '/api/brave-search/news' },
    example: { query: 'PostgreSQL release', freshness: 'pw', count: 10 },
    render: (o) =>
      lines(
        renderList(o.results, (r) => [r.breaking ? 'BREAKING' : '', r.source, r.age, r.description].filter(Boolean).join(' · ')) ||
          `No news for "${o.query}".`,
        metaLine(o),
      ),
    run: async (input, { signal }) => {
      const answer = await client.get(
        '/news/search',
        {
          q: input.query,
          count: input.count,
          offset: input.offset,
          ...commonParams(input, client.settings),
          freshness: input.freshness,
          extra_snippets: input.extraSnippets ? 'true' : undefined,
        },
        newsAnswer,
        { signal },
      );
      return { query: answer.data.query?.original ?? input.query, results: answer.data.results.map(toNews), ...answerMetaOf([answer]) };
    },
  });

  const images = defineOperation({
    ...common,
    name: 'brave_search_image_search',
    title: 'Brave image search',
    description: `Images from Brave Search: the image URL, its page, thumbnail, size and source. Safesearch knows only off and strict here (moderate means strict). ${quotaNote}`,
    input: z.object({
      query: queryArg,
      count: countArg(200, 20),
      country: countryArg,
      searchLang: searchLangArg,
      safesearch: safesearchArg,
    }),
    output: z.object({
      query: z.string(),
      results: z.array(imageOut),
      mightBeOffensive: z.boolean().optional().describe('Brave’s warning that results may include offensive images'),
      ...answerMeta,
    }),
    http: { method: 'GET', path: '/api/brave-search/images' },
    example: { query: 'grafana dashboard latency heatmap', count: 10 },
    render: (o) =>
      lines(
        renderList(o.results, (r) => [r.imageUrl, r.width && r.height ? `${r.width}×${r.height}` : ''].filter(Boolean).join(' ')) ||
          `No images for "${o.query}".`,
        metaLine(o),
      ),
    run: async (input, { signal }) => {
      const params = commonParams(input, client.settings);
      const answer = await client.get(
        '/images/search',
        { q: input.query, count: input.count, ...params, safesearch: params.safesearch === 'off' ? 'off' : 'strict' },
        imagesAnswer,
        { signal },
      );
      const offensive = answer.data.extra?.might_be_offensive;
      return {
        query: answer.data.query?.original ?? input.query,
        results: answer.data.results.map(toImage),
        ...(offensive != null ? { mightBeOffensive: offensive } : {}),
        ...answerMetaOf([answer]),
      };
    },
  });

  const videos = defineOperation({
    ...common,
    name: 'brave_search_video_search',
    title: 'Brave video search',
    description: `Videos from Brave Search: title, URL, duration, views, creator and publisher; filter by freshness, country, language. ${quotaNote}`,
    input: z.object({
      query: queryArg,
      count: countArg(50, 20),
      offset: offsetArg,
      country: countryArg,
      searchLang: searchLangArg,
      safesearch: safesearchArg,
      freshness: freshnessArg,
    }),
    output: z.object({ query: z.string(), results: z.array(videoOut), ...answerMeta }),
    http: { method: 'GET', path: '/api/brave-search/videos' },
    example: { query: 'opentelemetry collector tutorial', count: 5 },
    render: (o) =>
      lines(
        renderList(o.results, (r) =>
          [r.duration, r.creator ?? r.publisher, r.views !== undefined ? `${r.views} views` : ''].filter(Boolean).join(' · '),
        ) || `No videos for "${o.query}".`,
        metaLine(o),
      ),
    run: async (input, { signal }) => {
      const answer = await client.get(
        '/videos/search',
        { q: input.query, count: input.count, offset: input.offset, ...commonParams(input, client.settings), freshness: input.freshness },
        videosAnswer,
        { signal },
      );
      return { query: answer.data.query?.original ?? input.query, results: answer.data.results.map(toVideo), ...answerMetaOf([answer]) };
    },
  });

  return [news, images, videos];
}
