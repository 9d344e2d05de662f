/**
 * A loopback fake of the Brave Search API speaking its wire format: GET endpoints under `/res/v1`, the key checked
 * in `X-Subscription-Token` (422 SUBSCRIPTION_TOKEN_INVALID), parameters validated (422 VALIDATION with
 * `meta.errors`), gzip bodies when asked, `X-RateLimit-*` headers listing a per-second and a per-month window, and
 * scripted replies for 429s, 5xx and slow answers. Bodies come from brave-search-answers.ts.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { errorBody, PLACES, summaryAnswer, validate, verticalAnswer, webAnswer } from './brave-search-answers.js';

export { errorBody } from './brave-search-answers.js';

/** A request as the fake saw it. */
export interface BraveFakeRequest {
  path: string;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
}

/** A scripted answer for the next request. */
export interface BraveFakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  /** Wait this long before answering (a slow Brave). */
  delayMs?: number;
}

/** A running fake. */
export interface BraveSearchFake {
  url: string;
  /** The base URL to configure as braveSearch.baseUrl. */
  apiUrl: string;
  apiKey: string;
  requests: BraveFakeRequest[];
  /** Summarizer polls answered `pending` before a summary is complete. */
  summaryPendingPolls: number;
  /**
   * Endpoints the key's plan lacks: answered 400 OPTION_NOT_IN_PLAN (for `/summarizer/search`, web searches
   * simply carry no summarizer key, as Brave does).
   */
  notInPlan: Set<string>;
  /** Answer the next requests with these replies, in order, before the normal handlers. */
  enqueue(...replies: BraveFakeReply[]): void;
  close(): Promise<void>;
}

const MONTH = 15_000;

/** Brave's 429: `RATE_LIMITED` with the windows' remaining requests and resets in seconds. */
export const braveRateLimited = (remaining: [number, number], reset: [number, number]): BraveFakeReply => ({
  status: 429,
  headers: {
    'x-ratelimit-limit': `1, ${MONTH}`,
    'x-ratelimit-policy': `1;w=1, ${MONTH};w=2592000`,
    'x-ratelimit-remaining': remaining.join(', '),
    'x-ratelimit-reset': reset.join(', '),
  },
  json: errorBody(429, 'RATE_LIMITED', 'Request rate limit exceeded for plan.', {
    plan: 'Free',
    rate_limit: 1,
    quota_limit: MONTH,
    component: 'rate_limiter',
  }),
});

/**
 * Start the fake on 127.0.0.1 and a free port.
 * @example const brave = await startBraveSearchFake(); settings = { apiKey: brave.apiKey, baseUrl: brave.apiUrl }
 */
export async function startBraveSearchFake(options: { apiKey?: string } = {}): Promise<BraveSearchFake> {
  const apiKey = options.apiKey ?? 'BSAfake0000subscription0token';
  const requests: BraveFakeRequest[] = [];
  const queue: BraveFakeReply[] = [];
  const polls = new Map<string, number>();
  let served = 0;
  const fake = { summaryPendingPolls: 0, notInPlan: new Set<string>() };

  const server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: u.pathname, headers: req.headers, query: u.searchParams });
    const gzip = String(req.headers['accept-encoding'] ?? '').includes('gzip');
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const json = typeof payload !== 'string';
      const raw = Buffer.from(json ? JSON.stringify(payload) : payload);
      const body = json && gzip ? gzipSync(raw) : raw;
      res.writeHead(status, {
        'content-type': json ? 'application/json' : 'text/plain',
        ...(json && gzip ? { 'content-encoding': 'gzip' } : {}),
        ...headers,
      });
      res.end(body);
    };
    const scripted = queue.shift();
    if (scripted) {
      if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
      if (!res.destroyed) send(scripted.status ?? 200, scripted.json ?? scripted.text ?? '', scripted.headers);
      return;
    }
    const endpoint = u.pathname.startsWith('/res/v1/') ? u.pathname.slice('/res/v1'.length) : undefined;
    if (req.method !== 'GET' || !endpoint) {
      send(404, errorBody(404, 'RESOURCE_NOT_FOUND', 'Resource not found.'));
      return;
    }
    if (req.headers['x-subscription-token'] !== apiKey) {
      send(
        422,
        errorBody(422, 'SUBSCRIPTION_TOKEN_INVALID', 'The provided subscription token is invalid.', { component: 'authentication' }),
      );
      return;
    }
    const invalid = validate(endpoint, u.searchParams);
    if (invalid) {
      send(
        422,
        errorBody(422, 'VALIDATION', 'Unable to validate request parameter(s)', {
          errors: [{ type: 'value_error', loc: ['query', invalid.loc], msg: invalid.msg, input: invalid.input }],
        }),
      );
      return;
    }
    if (fake.notInPlan.has(endpoint)) {
      send(400, errorBody(400, 'OPTION_NOT_IN_PLAN', 'The option is not subscribed in the plan.', { component: 'authentication' }));
      return;
    }
    served++;
    const quota = {
      'x-ratelimit-limit': `20, ${MONTH}`,
      'x-ratelimit-policy': `20;w=1, ${MONTH};w=2592000`,
      'x-ratelimit-remaining': `19, ${MONTH - served}`,
      'x-ratelimit-reset': '1, 1419704',
    };
    const ids = u.searchParams.getAll('ids');
    if (endpoint === '/web/search') send(200, webAnswer(u.searchParams, !fake.notInPlan.has('/summarizer/search')), quota);
    else if (['/news/search', '/videos/search', '/images/search'].includes(endpoint))
      send(200, verticalAnswer(endpoint, u.searchParams), quota);
    else if (endpoint === '/local/pois') send(200, { type: 'local_pois', results: ids.flatMap((id) => PLACES.get(id) ?? []) }, quota);
    else if (endpoint === '/local/descriptions') {
      const results = ids
        .filter((id) => PLACES.has(id))
        .map((id) => ({ type: 'local_description', id, description: `A **cozy** spot: ${PLACES.get(id)?.title}.` }));
      send(200, { type: 'local_descriptions', results }, quota);
    } else if (endpoint === '/summarizer/search') {
      const key = u.searchParams.get('key') ?? '';
      const seen = (polls.get(key) ?? 0) + 1;
      polls.set(key, seen);
      let answer: unknown;
      try {
        answer = seen <= fake.summaryPendingPolls ? { type: 'summarizer', status: 'pending' } : summaryAnswer(key);
      } catch {
        send(422, errorBody(422, 'VALIDATION', 'Invalid summarizer key.'));
        return;
      }
      send(200, answer, quota);
    } else send(404, errorBody(404, 'RESOURCE_NOT_FOUND', 'Resource not found.'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    url,
    apiUrl: `${url}/res/v1`,
    apiKey,
    requests,
    enqueue: (...replies: BraveFakeReply[]) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
