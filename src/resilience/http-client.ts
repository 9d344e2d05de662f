/**
 * The shared outbound HTTP client: one undici Agent (keep-alive, connection limit, timeouts from the `http` config
 * section) whose connector passes every connection through the SSRF guard, plus `request` with per-hop redirect
 * checks and a response size cap, and a guarded WHATWG `fetch` for SDKs that take one.
 * undici is imported on the first request, not at start-up: it costs ~100 ms to load, and processes such as
 * `code-engine mcp` must answer `initialize` before any tool calls out (issue #6).
 */
import type { Agent, buildConnector, Dispatcher, fetch as undiciFetch } from 'undici';
import { AppError, isAppError } from '../core/errors.js';
import { parseIpLiteral } from '../security/ip-policy.js';
import { isSecretKey, redactUrl } from '../security/redact.js';
import type { SsrfGuard } from '../security/ssrf-guard.js';

/** Limits of the shared agent; the `http` config section supplies them. */
export interface HttpClientSettings {
  /** Max connections per origin. Default 100. */
  connections?: number;
  /** TCP+TLS connect timeout in ms. Default 30 000. */
  connectTimeoutMs?: number;
  /** Idle timeout while waiting for headers and between body chunks, in ms. Default 30 000. */
  requestTimeoutMs?: number;
  /** Largest response body `request` accepts. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Redirect hops `request` follows. Default 5. */
  maxRedirects?: number;
  /** How long an idle keep-alive socket stays open, in ms. Default 10 000. */
  keepAliveTimeoutMs?: number;
}

export interface HttpClientOptions extends HttpClientSettings {
  guard: SsrfGuard;
}

/** One outbound request. */
export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Replayable bodies only, so 307/308 redirects can resend them. */
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Overrides the client's limit for this call. */
  maxResponseBytes?: number;
  /** Default true; false returns 3xx responses as they are. */
  followRedirects?: boolean;
  maxRedirects?: number;
}

/** A fully read response. Non-2xx statuses are returned, not thrown. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The URL that answered, after redirects. */
  url: string;
  redirects: number;
  body: Buffer;
  text(): string;
  /** Parse the body as JSON; E_UPSTREAM if it is not JSON. */
  json(): unknown;
}

/** The process-wide outbound HTTP client. */
export interface HttpClient {
  /**
   * Send a request through the guard, following redirects (each hop re-checked, capped) and reading the body up to
   * the size limit.
   * @example const res = await http.request('https://api.example.com/v1/items', { headers: { accept: 'application/json' } })
   */
  request(url: string | URL, options?: HttpRequestOptions): Promise<HttpResponse>;
  /**
   * WHATWG fetch through the guarded agent, for SDKs that accept a `fetch` (bodies stream, so no size cap;
   * redirect hops are checked at connect time).
   */
  readonly fetch: typeof undiciFetch;
  close(): Promise<void>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key', 'api-key'];
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'EAI_AGAIN']);

/**
 * Create the shared client. Build it once (src/main/services.ts) and close it at shutdown.
 * @example
 * const http = createHttpClient({ ...config.http, guard: createSsrfGuard(config.http) });
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { guard } = options;
  const maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  let connection: Promise<{ undici: typeof import('undici').default; agent: Agent }> | undefined;
  let closed = false;
  /** undici and the guarded agent, created on first use. */
  function connect() {
    if (closed) return Promise.reject(new AppError('E_UNAVAILABLE', 'The outbound HTTP client is closed (shutting down).'));
    // `default` is undici's module.exports (it is CommonJS), from node_modules and from the CLI bundle alike; the
    // bundle's chunk of a CommonJS package has no named exports.
    connection ??= import('undici').then(({ default: undici }) => ({
      undici,
      agent: new undici.Agent({
        connections: options.connections ?? 100,
        headersTimeout: options.requestTimeoutMs ?? 30_000,
        bodyTimeout: options.requestTimeoutMs ?? 30_000,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
        connect: guardedConnector(guard, options.connectTimeoutMs ?? 30_000, undici.buildConnector),
      }),
    }));
    return connection;
  }

  async function send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    signal?: AbortSignal,
  ) {
    try {
      const { undici, agent } = await connect();
      return await undici.request(url, { dispatcher: agent, method: method as Dispatcher.HttpMethod, headers, body, signal });
    } catch (e) {
      throw toHttpError(e, method, url, signal);
    }
  }

  async function request(input: string | URL, o: HttpRequestOptions = {}): Promise<HttpResponse> {
    let url = guard.checkUrlShape(input);
    let method = (o.method ?? 'GET').toUpperCase();
    let body = o.body;
    const headers: Record<string, string> = { ...o.headers };
    const hopLimit = o.followRedirects === false ? 0 : (o.maxRedirects ?? maxRedirects);
    for (let hops = 0; ; hops++) {
      const res = await send(url, method, headers, body, o.signal);
      const location = firstHeader(res.headers.location);
      if (o.followRedirects === false || !REDIRECT_STATUSES.has(res.statusCode) || !location) {
        const data = await readCapped(res, o.maxResponseBytes ?? maxResponseBytes, method, url, o.signal);
        return response(res, data, url, hops);
      }
      await res.body.dump().catch(() => undefined);
      if (hops >= hopLimit) {
        throw new AppError('E_UPSTREAM', `${method} ${redactUrl(url.href)} redirected more than ${hopLimit} times.`, {
          retryable: false,
          details: { reason: 'too-many-redirects' },
        });
      }
      const next = nextHop(guard, location, url);
      if (next.origin !== url.origin)
        // Known credential headers, and any other whose name says it carries one (X-Subscription-Token, X-Goog-Api-Key).
        for (const h of Object.keys(headers)) if (CREDENTIAL_HEADERS.includes(h.toLowerCase()) || isSecretKey(h)) delete headers[h];
      // Fetch semantics: 303 always, and 301/302 after POST, continue as GET without a body.
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
        for (const h of Object.keys(headers)) if (/^content-/i.test(h)) delete headers[h];
      }
      url = next;
    }
  }

  const guardedFetch = ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) => {
    const target = typeof input === 'string' || input instanceof URL ? input : (input as { url: string }).url;
    guard.checkUrlShape(target);
    return connect().then(({ undici, agent }) => undici.fetch(input, { ...init, dispatcher: agent }));
  }) as typeof undiciFetch;

  async function close(): Promise<void> {
    closed = true;
    // A failed first connect was reported to its caller; there is no agent to close then.
    const current = await connection?.catch(() => undefined);
    await current?.agent.close();
  }

  return Object.freeze({ request, fetch: guardedFetch, close });
}

/**
 * An undici connector that refuses forbidden IP-literal hosts and resolves names through the guard's pinned
 * lookup, so every socket, whoever asked for it, goes to a checked address.
 */
export function guardedConnector(guard: SsrfGuard, connectTimeoutMs: number, build: typeof buildConnector): buildConnector.connector {
  const base = build({ timeout: connectTimeoutMs, lookup: guard.netLookup } as buildConnector.BuildOptions);
  return function guardedConnect(opts, callback) {
    if (parseIpLiteral(opts.hostname)) {
      try {
        guard.assertAddress(opts.hostname, opts.hostname);
      } catch (error) {
        callback(error as Error, null);
        return;
      }
    }
    base(opts, callback);
  };
}

function nextHop(guard: SsrfGuard, location: string, current: URL): URL {
  // Check the raw spelling when it is absolute, so numeric tricks in Location are caught before normalisation.
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return guard.checkUrlShape(location);
  if (location.startsWith('//')) return guard.checkUrlShape(`${current.protocol}${location}`);
  try {
    return guard.checkUrlShape(new URL(location, current));
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError('E_UPSTREAM', `${redactUrl(current.href)} sent an invalid redirect location.`, { cause: e, retryable: false });
  }
}

async function readCapped(res: Dispatcher.ResponseData, limit: number, method: string, url: URL, signal?: AbortSignal): Promise<Buffer> {
  const declared = Number(firstHeader(res.headers['content-length']));
  if (Number.isFinite(declared) && declared > limit) {
    discard(res.body);
    throw tooLarge(method, url, limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        discard(res.body);
        throw tooLarge(method, url, limit);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    throw toHttpError(e, method, url, signal);
  }
  return Buffer.concat(chunks, size);
}

function response(res: Dispatcher.ResponseData, body: Buffer, url: URL, redirects: number): HttpResponse {
  return {
    status: res.statusCode,
    headers: res.headers,
    url: url.href,
    redirects,
    body,
    text: () => body.toString('utf8'),
    json() {
      try {
        return JSON.parse(body.toString('utf8'));
      } catch (e) {
        throw new AppError('E_UPSTREAM', `${redactUrl(url.href)} answered with a body that is not JSON.`, { cause: e, retryable: false });
      }
    },
  };
}

/** Drop a body without reading it; undici's destroy emits an abort error that nobody else listens for. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function tooLarge(method: string, url: URL, limit: number): AppError {
  return new AppError('E_PAYLOAD_TOO_LARGE', `${method} ${redactUrl(url.href)}: response is larger than ${limit} bytes.`, {
    details: { maxResponseBytes: limit },
    retryable: false,
  });
}

/** Map undici and socket errors to AppErrors; guard refusals (already AppErrors) pass through. */
export function toHttpError(e: unknown, method: string, url: URL, signal?: AbortSignal): AppError {
  if (isAppError(e)) return e;
  if (signal?.aborted) {
    if (isAppError(signal.reason)) return signal.reason;
    return new AppError('E_CANCELLED', `${method} ${redactUrl(url.href)} was cancelled.`, { cause: e });
  }
  const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
  const what = `${method} ${redactUrl(url.href)}`;
  if (code && TIMEOUT_CODES.has(code)) return new AppError('E_TIMEOUT', `${what} timed out (${code}).`, { cause: e });
  return new AppError('E_UPSTREAM', `${what} failed${code ? ` (${code})` : ''}.`, {
    cause: e,
    retryable: code !== undefined && TRANSIENT_CODES.has(code),
  });
}
