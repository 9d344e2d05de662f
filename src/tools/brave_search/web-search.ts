/**
 * `brave_search_web_search`: Brave's web index, with the news, videos, discussions and FAQ sections on request.
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { webAnswer } from './api-schemas.js';
import { commonParams, countArg, countryArg, flagArg, freshnessArg, offsetArg, queryArg, safesearchArg, searchLangArg } from './args.js';
import type { BraveSearchClient } from './client.js';
import { answerMetaOf, commonDef, lines, metaLine } from './common.js';
import { answerMeta, newsOut, plain, renderList, toNews, toVideo, toWeb, videoOut, webOut } from './results.js';

const SECTIONS = ['web', 'news', 'videos', 'discussions', 'faq'] as const;

/** Build the operation. */
export function webSearchOp(client: BraveSearchClient): Operation {
  return defineOperation({
    ...commonDef(client),
    name: 'brave_search_web_search',
    title: 'Brave web search',
    description:
      'Search the web with Brave Search: titles, URLs and snippets, optionally news, videos, forum discussions and FAQ ' +
      'answers too. Filter by freshness, country, language and safesearch; page with offset. Each call not served from ' +
      'the short-lived cache spends one request of the Brave plan’s quota (reported in `quota`).',
    input: z.object({
      query: queryArg,
      count: countArg(20, 10),
      offset: offsetArg,
      country: countryArg,
      searchLang: searchLangArg,
      safesearch: safesearchArg,
      freshness: freshnessArg,
      sections: z
        .union([
          z.array(z.enum(SECTIONS)).min(1),
          z.string().regex(/^(?:web|news|videos|discussions|faq)(?:,(?:web|news|videos|discussions|faq))*$/),
        ])
        .optional()
        .describe('Sections to return: web, news, videos, discussions, faq (array or comma-separated). Default ["web"].'),
      extraSnippets: flagArg.optional().describe('Up to 5 extra excerpts per page (plans that include them). Default false.'),
    }),
    output: z.object({
      query: z.string(),
      alteredQuery: z.string().optional().describe('The spell-corrected query Brave searched instead'),
      results: z.array(webOut),
      news: z.array(newsOut).optional(),
      videos: z.array(videoOut).optional(),
      discussions: z.array(webOut.extend({ forum: z.string().optional(), answers: z.number().optional() })).optional(),
      faq: z.array(z.object({ question: z.string(), answer: z.string(), url: z.string() })).optional(),
      moreResultsAvailable: z.boolean(),
      ...answerMeta,
    }),
    http: { method: 'GET', path: '/api/brave-search/web' },
    example: { query: 'kubernetes pod disruption budget', count: 5, freshness: 'py', country: 'US' },
    render: (o) =>
      lines(
        renderList(o.results, (r) => r.description) || `No web results for "${o.query}".`,
        !!o.news?.length && `News:\n${renderList(o.news, (r) => [r.source, r.age].filter(Boolean).join(', '))}`,
        !!o.videos?.length && `Videos:\n${renderList(o.videos, (r) => r.creator)}`,
        !!o.discussions?.length && `Discussions:\n${renderList(o.discussions, (r) => r.forum)}`,
        !!o.faq?.length && `FAQ:\n${o.faq.map((f) => `Q: ${f.question}\nA: ${f.answer} (${f.url})`).join('\n')}`,
        metaLine(o),
      ),
    run: async (input, { signal }) => {
      const sections = typeof input.sections === 'string' ? input.sections.split(',') : (input.sections ?? ['web']);
      const answer = await client.get(
        '/web/search',
        {
          q: input.query,
          count: input.count,
          offset: input.offset,
          ...commonParams(input, client.settings),
          freshness: input.freshness,
          result_filter: [...new Set([...sections, 'query'])].join(','),
          text_decorations: 'false',
          extra_snippets: input.extraSnippets ? 'true' : undefined,
        },
        webAnswer,
        { signal },
      );
      const a = answer.data;
      return {
        query: a.query?.original ?? input.query,
        ...(a.query?.altered ? { alteredQuery: a.query.altered } : {}),
        results: (a.web?.results ?? []).map(toWeb),
        ...(a.news?.results.length ? { news: a.news.results.map(toNews) } : {}),
        ...(a.videos?.results.length ? { videos: a.videos.results.map(toVideo) } : {}),
        ...(a.discussions?.results.length
          ? {
              discussions: a.discussions.results.map((d) => ({
                ...toWeb(d),
                ...(d.data?.forum_name ? { forum: d.data.forum_name } : {}),
                ...(d.data?.num_answers != null ? { answers: d.data.num_answers } : {}),
              })),
            }
          : {}),
        ...(a.faq?.results.length
          ? { faq: a.faq.results.map((f) => ({ question: plain(f.question), answer: plain(f.answer), url: f.url })) }
          : {}),
        moreResultsAvailable: a.query?.more_results_available ?? false,
        ...answerMetaOf([answer]),
      };
    },
  });
}
