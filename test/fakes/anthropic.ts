/**
 * Fake Anthropic Messages API: `POST /v1/messages` (JSON or SSE when `stream: true`) and `GET /v1/models`,
 * requiring `anthropic-version` and the key as `x-api-key` or `Authorization: Bearer` (API version
 * 2026-10-21 accepts both; SDK 1.x sends Bearer), with its error shapes (529 overloaded).
 */
import { type FakeReply, type FakeRequest, type FakeServer, notFound, startFakeServer } from './llm-server.js';

/** The key the fake accepts. */
export const ANTHROPIC_FAKE_KEY = 'sk-ant-test-key';

/** A `/v1/messages` response body. */
export function anthropicMessage(text: string, model = 'claude-test', usage = { input_tokens: 12, output_tokens: 7 }) {
  return {
    id: 'msg_01',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage,
  };
}

/** The SSE events of a streamed message, text split in two deltas. */
export function anthropicStream(text: string, model = 'claude-test'): FakeReply {
  const half = Math.ceil(text.length / 2);
  return {
    sse: [
      {
        event: 'message_start',
        data: {
          type: 'message_start',
          message: { ...anthropicMessage('', model), content: [], usage: { input_tokens: 12, output_tokens: 1 } },
        },
      },
      { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
      { event: 'ping', data: { type: 'ping' } },
      {
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text.slice(0, half) } },
      },
      {
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text.slice(half) } },
      },
      { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
      {
        event: 'message_delta',
        data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 7 } },
      },
      { event: 'message_stop', data: { type: 'message_stop' } },
    ],
  };
}

/** An Anthropic error reply, e.g. `anthropicError(529, 'overloaded_error', 'Overloaded')`. */
export function anthropicError(status: number, type: string, message: string, headers?: Record<string, string>): FakeReply {
  return { status, ...(headers ? { headers } : {}), json: { type: 'error', error: { type, message } } };
}

/** Options of the fake. */
export interface AnthropicFakeOptions {
  apiKey?: string;
  /** The answer to a request when no reply is queued. */
  answer?: (req: FakeRequest) => string;
  models?: string[];
}

/** Start the fake; point the provider's `baseUrl` at `url`. */
export function startAnthropicFake(options: AnthropicFakeOptions = {}): Promise<FakeServer> {
  const key = options.apiKey ?? ANTHROPIC_FAKE_KEY;
  return startFakeServer(
    (req) => {
      const sent = req.headers['x-api-key'] ?? req.headers.authorization?.replace(/^Bearer /, '');
      if (sent !== key) return anthropicError(401, 'authentication_error', 'invalid x-api-key');
      if (!req.headers['anthropic-version']) return anthropicError(400, 'invalid_request_error', 'anthropic-version header is required');
      if (req.method === 'POST' && req.path === '/v1/messages') return undefined;
      if (req.method === 'GET' && req.path === '/v1/models') {
        const data = (options.models ?? ['claude-test']).map((id) => ({
          id,
          type: 'model',
          display_name: id,
          created_at: '2025-01-01T00:00:00Z',
        }));
        return { json: { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null } };
      }
      return notFound(req);
    },
    (req) => {
      const body = req.body as { model: string; stream?: boolean };
      const text = options.answer?.(req) ?? 'ok';
      return body.stream ? anthropicStream(text, body.model) : { json: anthropicMessage(text, body.model) };
    },
  );
}
