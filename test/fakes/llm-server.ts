/**
 * A loopback HTTP server for LLM vendor fakes: records requests, answers from a queue of replies (JSON, SSE,
 * NDJSON, errors, slow or hanging responses) or a default handler, and counts requests the client aborted.
 * Vendor files (anthropic.ts, openai-compatible.ts, gemini.ts, ollama.ts, …) add wire-format checks and bodies.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake saw it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** One scripted reply. */
export type FakeReply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; sse: Array<{ event?: string; data: unknown }> }
  | { status?: number; headers?: Record<string, string>; ndjson: unknown[] }
  | { status?: number; headers?: Record<string, string>; text: string }
  /** Never answer (until the client gives up). */
  | { hang: true }
  /** Answer after a real delay (benchmarks only; tests use `hang` with a short deadline). */
  | { delayMs: number; reply: FakeReply };

/** Decides the reply when the queue is empty; may return a rejection (auth, path) before the queue is read. */
export type FakeHandler = (req: FakeRequest) => FakeReply;

/** A running fake. */
export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** Requests whose client went away before the reply ended (deadline aborts). */
  readonly aborted: number;
  /** Replies for the next requests, in order; then the default handler answers. */
  enqueue(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function send(res: ServerResponse, reply: FakeReply): void {
  if ('hang' in reply) return;
  if ('delayMs' in reply) {
    setTimeout(() => {
      if (!res.destroyed) send(res, reply.reply);
    }, reply.delayMs);
    return;
  }
  const status = reply.status ?? 200;
  if ('json' in reply) {
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.json));
  } else if ('sse' in reply) {
    res.writeHead(status, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...reply.headers });
    for (const e of reply.sse) {
      const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
      res.write(`${e.event ? `event: ${e.event}\n` : ''}data: ${data}\n\n`);
    }
    res.end();
  } else if ('ndjson' in reply) {
    res.writeHead(status, { 'content-type': 'application/x-ndjson', ...reply.headers });
    for (const line of reply.ndjson) res.write(`${JSON.stringify(line)}\n`);
    res.end();
  } else {
    res.writeHead(status, { 'content-type': 'text/plain', ...reply.headers });
    res.end(reply.text);
  }
}

/**
 * Start a fake on 127.0.0.1 and a free port. `guard` runs first for every request (return a reply to reject
 * it, e.g. a wrong key), then the queue, then `fallback`.
 */
export async function startFakeServer(guard: (req: FakeRequest) => FakeReply | undefined, fallback: FakeHandler): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const queue: FakeReply[] = [];
  let aborted = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const fake: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(fake);
    res.on('close', () => {
      if (!res.writableFinished) aborted++;
    });
    send(res, guard(fake) ?? queue.shift() ?? fallback(fake));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    get aborted() {
      return aborted;
    },
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The reply to a request the fake does not serve. */
export const notFound = (req: FakeRequest): FakeReply => ({
  status: 404,
  json: { error: { message: `No route ${req.method} ${req.path}` } },
});
