/**
 * Fake Ollama server: `POST /api/chat` (JSON, or NDJSON lines when `stream` is true, which is Ollama's
 * default) and `GET /api/tags`; an unknown model gets Ollama's 404 "not found, try pulling it first".
 */
import { type FakeReply, type FakeRequest, type FakeServer, notFound, startFakeServer } from './llm-server.js';

/** A final (`done: true`) chat object. */
export function ollamaDone(text: string, model = 'llama-test') {
  return {
    model,
    created_at: '2025-01-01T00:00:00Z',
    message: { role: 'assistant', content: text },
    done: true,
    done_reason: 'stop',
    total_duration: 1000,
    prompt_eval_count: 18,
    eval_count: 5,
  };
}

/** NDJSON stream: two partial lines, then the final line with counts and empty content. */
export function ollamaStream(text: string, model = 'llama-test'): FakeReply {
  const half = Math.ceil(text.length / 2);
  const part = (content: string) => ({ model, created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content }, done: false });
  return { ndjson: [part(text.slice(0, half)), part(text.slice(half)), ollamaDone('', model)] };
}

/** Ollama's reply for a model that is not pulled. */
export function ollamaModelNotFound(model: string): FakeReply {
  return { status: 404, json: { error: `model "${model}" not found, try pulling it first` } };
}

/** Start the fake; `models` are the pulled models (default llama-test). */
export function startOllamaFake(options: { answer?: (req: FakeRequest) => string; models?: string[] } = {}): Promise<FakeServer> {
  const models = options.models ?? ['llama-test'];
  return startFakeServer(
    (req) => {
      if (req.method === 'GET' && req.path === '/api/tags')
        return { json: { models: models.map((name) => ({ name, model: name, size: 1 })) } };
      if (req.method !== 'POST' || req.path !== '/api/chat') return notFound(req);
      const model = (req.body as { model?: string }).model ?? '';
      return models.includes(model) ? undefined : ollamaModelNotFound(model);
    },
    (req) => {
      const body = req.body as { model: string; stream?: boolean };
      const text = options.answer?.(req) ?? 'ok';
      return body.stream === false ? { json: ollamaDone(text, body.model) } : ollamaStream(text, body.model);
    },
  );
}
