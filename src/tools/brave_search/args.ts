/**
 * Input arguments shared by the brave_search_* tools, checked before any quota is spent: the query limits Brave
 * documents (400 characters, 50 words), country and language codes, safesearch, and freshness as a relative
 * window or a date range. REST query strings arrive as text, hence the coercions.
 */
import { z } from 'zod';
import type { BraveSearchConfig } from '../../core/config/brave-search.js';

/** The search terms. */
export const queryArg = z
  .string()
  .trim()
  .min(1)
  .max(400)
  .refine((q) => q.split(/\s+/).length <= 50, 'at most 50 words')
  .describe('Search terms (1–400 characters, at most 50 words)');

/** Two-letter country code or ALL. */
export const countryArg = z
  .string()
  .regex(/^(?:[A-Za-z]{2}|ALL|all)$/, 'must be a two-letter country code such as US or DE, or ALL')
  .optional()
  .describe('Country results come from: two-letter code (US, DE, GB, …) or ALL. Default braveSearch.country, else US.');

/** Language code of the results. */
export const searchLangArg = z
  .string()
  .regex(/^[a-z]{2}(?:-[a-z]{2,4})?$/i, 'must be a language code such as en, de, pt-br or zh-hans')
  .optional()
  .describe('Language of the results, e.g. en, de, pt-br, zh-hans. Default: Brave’s (en).');

/** Adult-content filter. */
export const safesearchArg = z
  .enum(['off', 'moderate', 'strict'])
  .optional()
  .describe('Adult-content filter: off, moderate or strict. Default braveSearch.safesearch (moderate).');

const isoDay = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s) ? t : undefined;
};

/** pd | pw | pm | py, or YYYY-MM-DDtoYYYY-MM-DD. */
export const freshnessArg = z
  .union([
    z.enum(['pd', 'pw', 'pm', 'py']),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}to\d{4}-\d{2}-\d{2}$/, 'must be pd, pw, pm, py or a range YYYY-MM-DDtoYYYY-MM-DD')
      .refine((r) => {
        const [from, to] = r.split('to').map(isoDay);
        return from !== undefined && to !== undefined && from <= to;
      }, 'the range must name two real dates, the first not after the second'),
  ])
  .optional()
  .describe('Only results discovered in the last day (pd), week (pw), month (pm) or year (py), or a range 2024-01-01to2024-03-31.');

/** 1…max results, with a default. */
export const countArg = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(`Results to return (1–${max}). Default ${fallback}.`);

/** Page offset (Brave allows 0–9). */
export const offsetArg = z.coerce
  .number()
  .int()
  .min(0)
  .max(9)
  .default(0)
  .describe('Page of results to skip to, in units of count (0–9). Default 0.');

/** A boolean that also reads "true"/"false" from a query string. */
export const flagArg = z.union([z.boolean(), z.stringbool()]);

/** The common arguments. */
export interface CommonArgs {
  country?: string | undefined;
  searchLang?: string | undefined;
  safesearch?: 'off' | 'moderate' | 'strict' | undefined;
}

/**
 * Brave's names for the common arguments, with the configured defaults filled in.
 * @example commonParams({ country: 'de' }, settings) // { country: 'DE', search_lang: undefined, safesearch: 'moderate' }
 */
export function commonParams(input: CommonArgs, settings: BraveSearchConfig) {
  const country = input.country?.toUpperCase() ?? settings.country;
  return { country, search_lang: input.searchLang?.toLowerCase(), safesearch: input.safesearch ?? settings.safesearch };
}
