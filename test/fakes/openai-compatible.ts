/**
 * Fake Chat Completions server (OpenAI, OpenRouter, Hugging Face TGI): `POST <prefix>/chat/completions`
 * (JSON, or SSE with a final usage chunk and `[DONE]`) and `GET <prefix>/models`, requiring
 * `Authorization: Bearer <key>`.
 */
import { type FakeReply, type FakeRequest, type FakeServer, notFound, startFakeServer } from './llm-server.js';

/** A chat completion body. */
export function chatCompletion(
  text: string,
  model = 'gpt-test',
  usage: Record<string, unknown> = { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 },
) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage,
  };
}

/** A streamed chat completion: two content chunks, a finish chunk, a usage chunk, then `[DONE]`. */
export function chatStream(
  text: string,
  model = 'gpt-test',
  usage: Record<string, unknown> = { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 },
): FakeReply {
  const chunk = (delta: object, finish: string | null) => ({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const half = Math.ceil(text.length / 2);
  return {
    sse: [
      { data: chunk({ role: 'assistant', content: text.slice(0, half) }, null) },
      { data: chunk({ content: text.slice(half) }, null) },
      { data: chunk({}, 'stop') },
      { data: { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [], usage } },
      { data: '[DONE]' },
    ],
  };
}

/** An OpenAI-style error reply, e.g. `chatError(429, 'insufficient_quota', 'You exceeded your current quota')`. */
export function chatError(status: number, code: string, message: string, headers?: Record<string, string>): FakeReply {
  return { status, ...(headers ? { headers } : {}), json: { error: { message, type: code, param: null, code } } };
}

/** Options of a Chat Completions fake. */
export interface ChatFakeOptions {
  apiKey: string;
  /** Path prefix: `/v1` (OpenAI, TGI) or `/api/v1` (OpenRouter). */
  prefix: string;
  answer?: (req: FakeRequest) => string;
  models?: string[];
  /** Extra checks of a request (return a reply to reject it). */
  check?: (req: FakeRequest) => FakeReply | undefined;
  /** Real latency before answering (benchmarks; tests use `hang` with a short deadline instead). */
  delayMs?: (req: FakeRequest) => number;
}

/** Start a Chat Completions fake. */
export function startChatFake(options: ChatFakeOptions): Promise<FakeServer> {
  return startFakeServer(
    (req) => {
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) return chatError(401, 'invalid_api_key', 'Incorrect API key provided.');
      const rejected = options.check?.(req);
      if (rejected) return rejected;
      if (req.method === 'POST' && req.path === `${options.prefix}/chat/completions`) return undefined;
      if (req.method === 'GET' && req.path === `${options.prefix}/models`) {
        return {
          json: {
            object: 'list',
            data: (options.models ?? ['gpt-test']).map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })),
          },
        };
      }
      return notFound(req);
    },
    (req) => {
      const body = req.body as { model: string; stream?: boolean };
      const text = options.answer?.(req) ?? 'ok';
      const reply = body.stream ? chatStream(text, body.model) : { json: chatCompletion(text, body.model) };
      const delayMs = options.delayMs?.(req) ?? 0;
      return delayMs > 0 ? { delayMs, reply } : reply;
    },
  );
}
