/**
 * What every brave_search_* operation shares: permission, effects, breaker name and deadline, the `cached`/`quota`
 * fields of its output and the line that renders them.
 */
import { BRAVE_SEARCH_DEPENDENCY } from './brave-errors.js';
import type { BraveAnswer, BraveSearchClient } from './client.js';
import { describeQuota, type Quota } from './rate-limit.js';

/** The permission of every brave_search_* tool: searches spend the plan's quota. */
export const WEB_SEARCH_PERMISSION = 'web:search';

/** The fixed parts of every operation definition. */
export function commonDef(client: BraveSearchClient) {
  return {
    permission: WEB_SEARCH_PERMISSION,
    // A third party is asked (and billed); nothing changes there, so the same call may be repeated.
    effects: 'external' as const,
    idempotent: true,
    dependency: BRAVE_SEARCH_DEPENDENCY,
    timeoutMs: client.settings.timeoutMs,
  };
}

/**
 * `cached` and `quota` of an output, from the answers a tool needed (undefined = a call skipped): cached when every
 * one came from the cache, the quota of the last one that reached Brave.
 */
export function answerMetaOf(made: ReadonlyArray<BraveAnswer<unknown> | undefined>): { cached: boolean; quota?: Quota } {
  const answers = made.filter((a) => a !== undefined);
  const quota = answers.findLast((a) => a.quota)?.quota;
  return { cached: answers.length > 0 && answers.every((a) => a.cached), ...(quota ? { quota } : {}) };
}

/** The last line of a rendering: cached, or the quota left. */
export function metaLine(o: { cached: boolean; quota?: Quota | undefined }): string {
  if (o.cached) return '(from the result cache)';
  return o.quota ? `Brave quota: ${describeQuota(o.quota)}.` : '';
}

/** Join rendering parts, skipping empty ones. */
export const lines = (...parts: Array<string | undefined | false>) => parts.filter(Boolean).join('\n');
