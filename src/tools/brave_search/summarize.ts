/**
 * `brave_search_summarize`: an AI summary of the web results for a query, in Brave's two steps — a web search with
 * `summary=1` yields a summarizer key, then `/summarizer/search?key=…` is polled until the summary is complete.
 * Complete summaries are cached like any answer; pending ones never are.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { defineOperation, type Operation } from '../../gateway/operation.js';
import { summarizerAnswer, webAnswer } from './api-schemas.js';
import { commonParams, countryArg, freshnessArg, queryArg, safesearchArg, searchLangArg } from './args.js';
import { BRAVE_SEARCH_DEPENDENCY } from './brave-errors.js';
import type { BraveAnswer, BraveSearchClient } from './client.js';
import { answerMetaOf, commonDef, lines, metaLine } from './common.js';
import { answerMeta, plain, toWeb, webOut } from './results.js';

type Summary = z.infer<typeof summarizerAnswer>;
const entity = z.looseObject({ name: z.string().nullish(), text: z.string().nullish(), url: z.string().nullish() });
const reference = z.looseObject({ url: z.string(), number: z.number().nullish() });

/** Brave's summary messages as text, with inline references numbered [n] and listed. */
export function summaryText(messages: Summary['summary']): { text: string; references: Array<{ number: number; url: string }> } {
  const references: Array<{ number: number; url: string }> = [];
  let text = '';
  for (const m of messages ?? []) {
    if (m.type === 'token' && typeof m.data === 'string') text += m.data;
    // Each item starts its own line; the text after the list starts on a new one.
    else if (m.type === 'enum_end') text += '\n';
    else if (m.type === 'enum_item') {
      const e = entity.safeParse(m.data);
      if (e.success) text += `\n- ${[e.data.name, e.data.text].filter(Boolean).join(': ')}`;
    } else if (m.type === 'inline_reference') {
      const r = reference.safeParse(m.data);
      if (!r.success) continue;
      const known = references.find((x) => x.url === r.data.url);
      const number = known?.number ?? r.data.number ?? references.length + 1;
      if (!known) references.push({ number, url: r.data.url });
      text += ` [${number}]`;
    }
  }
  return { text: plain(text.replace(/\n{3,}/g, '\n\n')), references };
}

/** Build the operation. */
export function summarizeOp(client: BraveSearchClient): Operation {
  const { summaryPollIntervalMs, summaryMaxPolls } = client.settings;
  return defineOperation({
    ...commonDef(client),
    name: 'brave_search_summarize',
    title: 'Brave summary',
    description:
      'An AI-written summary of the web results for a question, with numbered references to its sources, follow-up ' +
      'questions and the top results. Needs a Brave plan that includes the summarizer; spends two or more requests of quota.',
    input: z.object({
      query: queryArg.describe('The question or topic to summarise (1–400 characters)'),
      country: countryArg,
      searchLang: searchLangArg,
      safesearch: safesearchArg,
      freshness: freshnessArg,
    }),
    output: z.object({
      query: z.string(),
      title: z.string().optional(),
      summary: z.string(),
      references: z.array(z.object({ number: z.number().int(), url: z.string() })).describe('Sources cited in the summary as [n]'),
      followups: z.array(z.string()),
      sources: z.array(webOut).describe('The top web results of the search behind the summary'),
      ...answerMeta,
    }),
    http: { method: 'GET', path: '/api/brave-search/summary' },
    example: { query: 'what is a kubernetes pod disruption budget' },
    render: (o) =>
      lines(
        o.title && `# ${o.title}`,
        o.summary,
        o.references.length > 0 && o.references.map((r) => `[${r.number}] ${r.url}`).join('\n'),
        o.followups.length > 0 && `Follow-ups: ${o.followups.join(' | ')}`,
        metaLine(o),
      ),
    run: async (input, { signal }) => {
      const web = await client.get(
        '/web/search',
        { q: input.query, ...commonParams(input, client.settings), freshness: input.freshness, summary: '1', text_decorations: 'false' },
        webAnswer,
        { signal },
      );
      const key = web.data.summarizer?.key;
      if (!key) {
        throw new AppError(
          'E_NOT_FOUND',
          `Brave Search has no summary for "${input.query}" (the search returned no summarizer key). Rephrase it as a question, or use ` +
            'brave_search_web_search; the summarizer also needs a Brave plan that includes it.',
          { details: { dependency: BRAVE_SEARCH_DEPENDENCY, reason: 'no_summary' } },
        );
      }
      let polled: BraveAnswer<Summary> | undefined;
      for (let poll = 1; poll <= summaryMaxPolls; poll++) {
        if (poll > 1) await client.pause(summaryPollIntervalMs, signal);
        polled = await client.get('/summarizer/search', { key, inline_references: 'true' }, summarizerAnswer, {
          signal,
          cacheIf: (s) => s.status === 'complete',
        });
        if (polled.data.status === 'complete') break;
      }
      const summary = polled?.data;
      if (!polled || summary?.status !== 'complete') {
        throw new AppError(
          'E_UPSTREAM',
          `Brave's summarizer did not complete a summary for "${input.query}" after ${summaryMaxPolls} polls (status ${summary?.status ?? 'none'}).`,
          { retryable: false, details: { dependency: BRAVE_SEARCH_DEPENDENCY, reason: 'summary_incomplete', status: summary?.status } },
        );
      }
      const { text, references } = summaryText(summary.summary);
      return {
        query: input.query,
        ...(summary.title ? { title: plain(summary.title) } : {}),
        summary: text,
        references,
        followups: summary.followups ?? [],
        sources: (web.data.web?.results ?? []).slice(0, 5).map(toWeb),
        ...answerMetaOf([web, polled]),
      };
    },
  });
}
