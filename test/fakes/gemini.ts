/**
 * Fake Gemini API: `POST /v1beta/models/{model}:generateContent`, `:streamGenerateContent?alt=sse` and
 * `GET /v1beta/models`, keyed by `x-goog-api-key` or `?key=`, with Google RPC errors (RESOURCE_EXHAUSTED
 * with RetryInfo, UNAVAILABLE).
 */
import { type FakeReply, type FakeRequest, type FakeServer, startFakeServer } from './llm-server.js';

/** The key the fake accepts. */
export const GEMINI_FAKE_KEY = 'AIza-test-key';

/** A `generateContent` response body. */
export function geminiResponse(
  text: string,
  model = 'gemini-test',
  usage = { promptTokenCount: 15, candidatesTokenCount: 6, totalTokenCount: 21 },
) {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: usage,
    modelVersion: model,
    responseId: 'resp-1',
  };
}

/** `streamGenerateContent?alt=sse`: two chunks, usage on the last. */
export function geminiStream(text: string, model = 'gemini-test'): FakeReply {
  const half = Math.ceil(text.length / 2);
  return {
    sse: [
      { data: { candidates: [{ content: { role: 'model', parts: [{ text: text.slice(0, half) }] }, index: 0 }], modelVersion: model } },
      { data: geminiResponse(text.slice(half), model) },
    ],
  };
}

/** A Google RPC error reply; `retryDelay` adds a RetryInfo detail ("30s"). */
export function geminiError(code: number, status: string, message: string, retryDelay?: string): FakeReply {
  const details = retryDelay ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }] : [];
  return { status: code, json: { error: { code, message, status, details } } };
}

const ROUTE = /^\/v1beta\/models\/([^:/]+):(generateContent|streamGenerateContent)$/;

/** Start the fake; use `url` as the provider's base URL. */
export function startGeminiFake(options: { answer?: (req: FakeRequest) => string; models?: string[] } = {}): Promise<FakeServer> {
  return startFakeServer(
    (req) => {
      const key = req.headers['x-goog-api-key'] ?? req.query.get('key');
      if (key !== GEMINI_FAKE_KEY) return geminiError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
      if (req.method === 'GET' && req.path === '/v1beta/models') {
        return { json: { models: (options.models ?? ['gemini-test']).map((m) => ({ name: `models/${m}`, displayName: m })) } };
      }
      const m = ROUTE.exec(req.path);
      if (req.method !== 'POST' || !m) return geminiError(404, 'NOT_FOUND', `Unknown path ${req.path}`);
      if (m[2] === 'streamGenerateContent' && req.query.get('alt') !== 'sse')
        return geminiError(400, 'INVALID_ARGUMENT', 'streaming needs alt=sse');
      return undefined;
    },
    (req) => {
      const [, model, method] = ROUTE.exec(req.path) as RegExpExecArray;
      const text = options.answer?.(req) ?? 'ok';
      return method === 'streamGenerateContent' ? geminiStream(text, model) : { json: geminiResponse(text, model) };
    },
  );
}
