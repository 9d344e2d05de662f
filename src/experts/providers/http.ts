/**
 * Plain-fetch transport for vendors spoken without an SDK (Gemini, Ollama): JSON requests, error bodies
 * mapped to AppErrors, and incremental readers for SSE and NDJSON bodies.
 */
import type { Clock } from '../../core/deps.js';
import type { FetchLike, ProviderId } from '../types.js';
import {
  abortError,
  httpFailureToError,
  isAbort,
  malformedResponse,
  networkError,
  parseRetryAfter,
  type VendorErrorFields,
} from './errors.js';

/** One JSON exchange with a vendor. */
export interface JsonRequest {
  provider: ProviderId;
  fetch: FetchLike;
  clock: Clock;
  url: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: unknown;
  signal: AbortSignal;
  /** Reads the vendor's message/code (and body-carried retry hints) from an error body. */
  readError: (body: unknown) => VendorErrorFields;
}

/** Send the request; resolve with the response when 2xx, throw a mapped AppError otherwise. */
export async function sendJson(req: JsonRequest): Promise<Response> {
  let res: Response;
  try {
    res = await req.fetch(req.url, {
      method: req.method ?? 'POST',
      headers: { accept: 'application/json', ...(req.body === undefined ? {} : { 'content-type': 'application/json' }), ...req.headers },
      ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      signal: req.signal,
    });
  } catch (e) {
    if (req.signal.aborted || isAbort(e)) throw abortError(req.provider, req.signal, e);
    throw networkError(req.provider, e);
  }
  if (res.ok) return res;
  const text = await res.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the text as the message.
  }
  const fields = typeof body === 'string' ? { message: body.slice(0, 300) } : req.readError(body);
  throw httpFailureToError({
    provider: req.provider,
    status: res.status,
    message: fields.message,
    vendorCode: fields.vendorCode,
    retryAfterMs: parseRetryAfter(res.headers, req.clock.now()) ?? fields.retryAfterMs,
  });
}

/** Read a JSON body; abort and network errors while reading are mapped like the request's. */
export async function readJson(res: Response, provider: ProviderId, signal: AbortSignal): Promise<unknown> {
  try {
    return await res.json();
  } catch (e) {
    if (signal.aborted || isAbort(e)) throw abortError(provider, signal, e);
    throw networkError(provider, e);
  }
}

/** Lines of a streamed body (LF or CRLF), decoded as UTF-8 across chunk boundaries. */
export async function* readLines(
  body: ReadableStream<Uint8Array> | null,
  provider: ProviderId,
  signal: AbortSignal,
): AsyncGenerator<string> {
  if (!body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = body.getReader();
  try {
    for (;;) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (signal.aborted || isAbort(e)) throw abortError(provider, signal, e);
        throw networkError(provider, e);
      }
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        yield buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
      }
    }
    buffer += decoder.decode();
    if (buffer.length > 0) yield buffer.replace(/\r$/, '');
  } finally {
    reader.releaseLock();
    await body.cancel().catch(() => {});
  }
}

/** Server-sent events: `data:` lines joined per event, with the optional `event:` name. */
export async function* readSse(
  body: ReadableStream<Uint8Array> | null,
  provider: ProviderId,
  signal: AbortSignal,
): AsyncGenerator<{ event: string | undefined; data: string }> {
  let event: string | undefined;
  let data: string[] = [];
  for await (const line of readLines(body, provider, signal)) {
    if (line === '') {
      if (data.length > 0) yield { event, data: data.join('\n') };
      event = undefined;
      data = [];
    } else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    // Comments (":") and id/retry fields carry nothing we use.
  }
  if (data.length > 0) yield { event, data: data.join('\n') };
}

/** Newline-delimited JSON values (Ollama streaming); blank lines are skipped. */
export async function* readNdjson(
  body: ReadableStream<Uint8Array> | null,
  provider: ProviderId,
  signal: AbortSignal,
): AsyncGenerator<unknown> {
  for await (const line of readLines(body, provider, signal)) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw malformedResponse(provider, 'stream line', e);
    }
    yield value;
  }
}
