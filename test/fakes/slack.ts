/**
 * A loopback fake of the Slack Web API speaking its real wire format: methods at `/api/<method>` (POST with form or
 * JSON bodies, GET with a query), `Authorization: Bearer` checked (`not_authed` / `invalid_auth`), errors as HTTP 200
 * `{"ok": false, "error": …}`, 429 with Retry-After, JSON refused by methods that take forms only, and the external
 * upload flow (files.getUploadURLExternal → POST bytes to the upload URL → files.completeUploadExternal).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeWorkspace, type SlackBody } from './slack-workspace.js';

/** Methods Slack accepts JSON bodies for (docs.slack.dev "Content types"); the others read forms only. */
const JSON_METHODS = new Set([
  'chat.postMessage',
  'chat.update',
  'reactions.add',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
]);

/** A request as the fake saw it. */
export interface SlackFakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The arguments from the query string and the form or JSON body. */
  args: Record<string, unknown>;
  body: Buffer;
}

/** A scripted answer for the next request(s). */
export type SlackFakeReply = { status?: number; headers?: Record<string, string>; json?: unknown; text?: string };

/** A running fake. */
export interface SlackFake {
  url: string;
  /** The base URL to configure as slack.baseUrl. */
  apiUrl: string;
  token: string;
  workspace: FakeWorkspace;
  requests: SlackFakeRequest[];
  /** Answer the next requests with these replies, in order, before the workspace does. */
  enqueue(...replies: SlackFakeReply[]): void;
  close(): Promise<void>;
}

/** `{"ok": false, "error": code}` as Slack sends it (HTTP 200). */
export const slackFailure = (error: string, extra: Record<string, unknown> = {}): SlackFakeReply => ({
  json: { ok: false, error, ...extra },
});

/** Slack's rate-limit answer: 429, Retry-After in seconds, `ratelimited`. */
export const slackRateLimited = (seconds: number): SlackFakeReply => ({
  status: 429,
  headers: { 'retry-after': String(seconds) },
  json: { ok: false, error: 'ratelimited' },
});

function parseArgs(query: URLSearchParams, headers: IncomingHttpHeaders, body: Buffer): { args: Record<string, unknown>; json: boolean } {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = String(headers['content-type'] ?? '');
  if (body.length === 0) return { args, json: false };
  if (type.startsWith('application/json')) return { args: { ...args, ...(JSON.parse(body.toString('utf8')) as object) }, json: true };
  return { args: { ...args, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) }, json: false };
}

/**
 * Start the fake on 127.0.0.1 and a free port.
 * @example const slack = await startSlackFake(); settings = { token: slack.token, baseUrl: slack.apiUrl }
 */
export async function startSlackFake(options: { token?: string } = {}): Promise<SlackFake> {
  const token = options.token ?? 'xoxb-fake-0000-token';
  const requests: SlackFakeRequest[] = [];
  const queue: SlackFakeReply[] = [];
  let url = '';
  const workspace = new FakeWorkspace(() => url);

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, { 'content-type': typeof payload === 'string' ? 'text/plain' : 'application/json; charset=utf-8', ...headers });
      res.end(text);
    };
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = u.pathname.startsWith('/api/') ? parseArgs(u.searchParams, req.headers, body) : { args: {}, json: false };
    } catch {
      send(200, { ok: false, error: 'invalid_json' });
      return;
    }
    requests.push({ method: req.method ?? 'GET', path: u.pathname, headers: req.headers, args: parsed.args, body });
    const scripted = queue.shift();
    if (scripted) {
      send(scripted.status ?? 200, scripted.json ?? scripted.text ?? '', scripted.headers);
      return;
    }
    const upload = /^\/upload\/v1\/([A-Z0-9]+)$/.exec(u.pathname);
    if (upload && req.method === 'POST') {
      const r = workspace.receiveUpload(upload[1]!, body);
      send(r.status, r.text);
      return;
    }
    const method = u.pathname.startsWith('/api/') ? u.pathname.slice(5) : undefined;
    if (!method) {
      send(404, 'Not Found');
      return;
    }
    const auth = req.headers.authorization;
    let answer: SlackBody;
    if (!auth) answer = { ok: false, error: 'not_authed' };
    else if (auth !== `Bearer ${token}`) answer = { ok: false, error: 'invalid_auth' };
    else if (parsed.json && !JSON_METHODS.has(method)) {
      answer = {
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] this method does not accept JSON bodies'] },
      };
    } else answer = workspace.call(method, parsed.args);
    send(200, answer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/api`,
    token,
    workspace,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
