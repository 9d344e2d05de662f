/**
 * The `brave_search` tool server: web, local, news, image and video search and AI summaries through the Brave
 * Search API (client.ts) with the configured subscription key, answers cached briefly to save quota.
 */
import type { BraveSearchConfig } from '../../core/config/brave-search.js';
import type { Clock } from '../../core/deps.js';
import type { ToolServer } from '../../gateway/operation.js';
import type { Resilience } from '../../resilience/create-resilience.js';
import type { HttpClient } from '../../resilience/http-client.js';
import { createBraveSearchClient } from './client.js';
import { localSearchOp } from './local-search.js';
import { mediaOps } from './media-ops.js';
import { summarizeOp } from './summarize.js';
import { webSearchOp } from './web-search.js';

export { BRAVE_SEARCH_DEPENDENCY } from './brave-errors.js';
export { type BraveSearchClient, createBraveSearchClient } from './client.js';
export { WEB_SEARCH_PERMISSION } from './common.js';

/** Inputs of `braveSearchToolServer`. */
export interface BraveSearchServerDeps {
  http: HttpClient;
  resilience: Resilience;
  settings: BraveSearchConfig;
  /** The clock cached answers expire on. */
  clock: Clock;
}

/**
 * The server; registered even without `braveSearch.apiKey`, when every tool answers E_UNAVAILABLE saying so.
 * @example registry.register(braveSearchToolServer({ http, resilience, settings: config.braveSearch, clock }))
 */
export function braveSearchToolServer(deps: BraveSearchServerDeps): ToolServer {
  const client = createBraveSearchClient(deps);
  return {
    name: 'brave_search',
    title: 'Brave Search',
    description: 'Web, local, news, image and video search and AI summaries through the Brave Search API; answers cached briefly.',
    operations: [webSearchOp(client), localSearchOp(client), ...mediaOps(client), summarizeOp(client)],
  };
}
