/**
 * `brave_search_local_search`: places (businesses, points of interest) for a query, as Brave's own MCP server
 * finds them — a web search asking for locations, then `/local/pois` and `/local/descriptions` for their IDs, one
 * after the other (plans allow one request per second). Without places it answers with the web results; when the
 * plan lacks the Local API it keeps what the web search said about each place.
 */
import { z } from 'zod';
import { hasCode } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { descriptionsAnswer, type locationResult, poisAnswer, webAnswer } from './api-schemas.js';
import { commonParams, countArg, countryArg, queryArg, safesearchArg, searchLangArg } from './args.js';
import type { BraveAnswer, BraveSearchClient } from './client.js';
import { answerMetaOf, commonDef, lines, metaLine } from './common.js';
import { answerMeta, placeOut, renderList, toPlace, toWeb, webOut } from './results.js';

type Location = z.infer<typeof locationResult> & { id: string };

/** Answers of a Local API call, or undefined when the plan does not include it. */
async function unlessUnsupported<T>(call: Promise<BraveAnswer<T>>): Promise<BraveAnswer<T> | undefined> {
  try {
    return await call;
  } catch (e) {
    if (hasCode(e, 'E_UNSUPPORTED')) return undefined;
    throw e;
  }
}

/** Build the operation. */
export function localSearchOp(client: BraveSearchClient): Operation {
  return defineOperation({
    ...commonDef(client),
    name: 'brave_search_local_search',
    title: 'Brave local search',
    description:
      'Find local businesses and places ("pizza near Alexanderplatz Berlin", "hardware store in Austin TX"): name, address, ' +
      'phone, rating, price range, opening hours, coordinates and a short description. Falls back to web results when ' +
      'Brave finds no places. Needs a Brave plan with the Local API for full details; spends up to three requests of quota.',
    input: z.object({
      query: queryArg.describe('What and where, e.g. "coffee near Union Square San Francisco" (1–400 characters)'),
      count: countArg(20, 5).describe('Places to return (1–20). Default 5.'),
      country: countryArg,
      searchLang: searchLangArg,
      safesearch: safesearchArg,
    }),
    output: z.object({
      query: z.string(),
      places: z.array(placeOut),
      webResults: z.array(webOut).optional().describe('Web results, when Brave found no places'),
      note: z.string().optional().describe('Why places are missing or less detailed'),
      ...answerMeta,
    }),
    http: { method: 'GET', path: '/api/brave-search/local' },
    example: { query: 'coffee near Union Square San Francisco', count: 3 },
    render: (o) =>
      lines(
        o.places
          .map((p, i) =>
            lines(
              `${i + 1}. ${p.name}${p.address ? ` — ${p.address}` : ''}`,
              [p.rating !== undefined ? `★ ${p.rating}${p.reviewCount ? ` (${p.reviewCount})` : ''}` : '', p.priceRange, p.phone]
                .filter(Boolean)
                .map((s) => `   ${s}`)
                .join(' ·'),
              p.description && `   ${p.description}`,
            ),
          )
          .join('\n'),
        o.note,
        o.webResults && renderList(o.webResults, (r) => r.description),
        metaLine(o),
      ) || `No places for "${o.query}".`,
    run: async (input, { signal }) => {
      const web = await client.get(
        '/web/search',
        {
          q: input.query,
          ...commonParams(input, client.settings),
          result_filter: 'web,locations',
          text_decorations: 'false',
        },
        webAnswer,
        { signal },
      );
      const located = (web.data.locations?.results ?? []).filter((l): l is Location => typeof l.id === 'string' && l.id !== '');
      const chosen = located.slice(0, input.count);
      if (chosen.length === 0) {
        return {
          query: input.query,
          places: [],
          webResults: (web.data.web?.results ?? []).slice(0, 10).map(toWeb),
          note: 'Brave found no places for this query (it may name no place, or the plan may not include local results): web results instead.',
          ...answerMetaOf([web]),
        };
      }
      const ids = chosen.map((l) => l.id);
      const pois = await unlessUnsupported(client.get('/local/pois', { ids }, poisAnswer, { signal }));
      const descriptions = await unlessUnsupported(client.get('/local/descriptions', { ids }, descriptionsAnswer, { signal }));
      const poiById = new Map((pois?.data.results ?? []).filter((p): p is Location => !!p.id).map((p) => [p.id, p]));
      const textById = new Map((descriptions?.data.results ?? []).flatMap((d) => (d ? [[d.id, d.description] as const] : [])));
      return {
        query: input.query,
        places: chosen.map((l) => toPlace(poiById.get(l.id) ?? l, textById.get(l.id))),
        ...(pois ? {} : { note: 'The Brave plan does not include the Local API: details are those of the web search.' }),
        ...answerMetaOf([web, pois, descriptions]),
      };
    },
  });
}
