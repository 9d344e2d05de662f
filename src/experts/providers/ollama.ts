/**
 * Ollama's native API (`/api/chat`, NDJSON streaming, `/api/tags`), usually a local server. Spoken over the
 * injected fetch (no official SDK is installed). `num_ctx` is sent so Ollama does not silently cut prompts at
 * its small default window while we budget for a larger one.
 */
import { z } from 'zod';
import type { Clock } from '../../core/deps.js';
import type { CallOptions, FetchLike, LLMProvider, LLMRequest, LLMResponse, LLMStreamEvent } from '../types.js';
import { httpFailureToError, malformedResponse, type VendorErrorFields } from './errors.js';
import { readJson, readNdjson, sendJson } from './http.js';

/** Default local server. */
export const OLLAMA_BASE_URL = 'http://127.0.0.1:11434';

/** The `/api/chat` request body. */
export interface OllamaRequestBody {
  model: string;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  stream: boolean;
  options: { num_predict: number; temperature?: number; num_ctx?: number };
}

/** Map a vendor-neutral request to an `/api/chat` body. */
export function toOllamaRequest(req: LLMRequest, stream: boolean, contextTokens?: number): OllamaRequestBody {
  return {
    model: req.model,
    messages: [...(req.system ? [{ role: 'system' as const, content: req.system }] : []), ...req.messages],
    stream,
    options: {
      num_predict: req.maxOutputTokens,
      ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
      ...(contextTokens ? { num_ctx: contextTokens } : {}),
    },
  };
}

const chatSchema = z.looseObject({
  model: z.string(),
  message: z.looseObject({ content: z.string().default('') }).optional(),
  done: z.boolean(),
  done_reason: z.string().optional(),
  prompt_eval_count: z.number().int().optional(),
  eval_count: z.number().int().optional(),
});

const errorLineSchema = z.looseObject({ error: z.string() });

/** Error bodies are `{ "error": "model \"x\" not found, try pulling it first" }`. */
export function readOllamaError(body: unknown): VendorErrorFields {
  const parsed = errorLineSchema.safeParse(body);
  return parsed.success ? { message: parsed.data.error } : {};
}

function parseLine(raw: unknown): z.infer<typeof chatSchema> {
  const err = errorLineSchema.safeParse(raw);
  if (err.success) {
    // Errors after the 200 header arrive as a line; "not found" keeps its meaning.
    const status = /not found/i.test(err.data.error) ? 404 : 502;
    throw httpFailureToError({ provider: 'ollama', status, message: err.data.error });
  }
  const parsed = chatSchema.safeParse(raw);
  if (!parsed.success) throw malformedResponse('ollama', 'chat response', parsed.error);
  return parsed.data;
}

/** Map a non-streamed `/api/chat` body to an LLMResponse. */
export function fromOllamaResponse(raw: unknown): LLMResponse {
  const r = parseLine(raw);
  return {
    text: r.message?.content ?? '',
    model: r.model,
    usage: { inputTokens: r.prompt_eval_count ?? null, outputTokens: r.eval_count ?? null },
    finishReason: r.done_reason ?? null,
  };
}

/** Accumulates NDJSON lines; the `done: true` line carries the counts. */
export function ollamaStreamState() {
  let text = '';
  let final: LLMResponse | undefined;
  let model = '';
  return {
    push(raw: unknown): string | undefined {
      const r = parseLine(raw);
      model = r.model;
      const delta = r.message?.content ?? '';
      text += delta;
      if (r.done) {
        final = {
          text,
          model,
          usage: { inputTokens: r.prompt_eval_count ?? null, outputTokens: r.eval_count ?? null },
          finishReason: r.done_reason ?? null,
        };
      }
      return delta || undefined;
    },
    result(): LLMResponse {
      if (!final) throw malformedResponse('ollama', 'stream end (no final "done" line)');
      return final;
    },
  };
}

/** Settings of one Ollama provider instance. */
export interface OllamaOptions {
  baseUrl?: string | undefined;
  /** Optional Bearer token (an Ollama behind an authenticating proxy, or ollama.com). */
  apiKey?: string | undefined;
  fetch: FetchLike;
  clock: Clock;
  /** The context window we budget for, per model (sent as `num_ctx`). */
  contextTokens?: (model: string) => number | undefined;
}

/** An LLMProvider for an Ollama server. */
export function createOllamaProvider(options: OllamaOptions): LLMProvider {
  const base = (options.baseUrl ?? OLLAMA_BASE_URL).replace(/\/+$/, '');
  const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const common = { provider: 'ollama' as const, fetch: options.fetch, clock: options.clock, headers, readError: readOllamaError };
  return {
    id: 'ollama',
    charsPerToken: 3.5,
    async complete(request, { signal }: CallOptions) {
      const body = toOllamaRequest(request, false, options.contextTokens?.(request.model));
      const res = await sendJson({ ...common, url: `${base}/api/chat`, body, signal });
      return fromOllamaResponse(await readJson(res, 'ollama', signal));
    },
    async *stream(request, { signal }: CallOptions): AsyncGenerator<LLMStreamEvent> {
      const body = toOllamaRequest(request, true, options.contextTokens?.(request.model));
      const res = await sendJson({ ...common, url: `${base}/api/chat`, body, signal });
      const state = ollamaStreamState();
      for await (const line of readNdjson(res.body, 'ollama', signal)) {
        const delta = state.push(line);
        if (delta) yield { type: 'delta', text: delta };
      }
      yield { type: 'done', response: state.result() };
    },
    async health({ signal }: CallOptions) {
      const started = options.clock.monotonic();
      const latency = () => Math.round(options.clock.monotonic() - started);
      try {
        const res = await sendJson({ ...common, method: 'GET', url: `${base}/api/tags`, signal });
        const body = z
          .looseObject({ models: z.array(z.looseObject({ name: z.string() })).default([]) })
          .parse(await readJson(res, 'ollama', signal));
        const models = body.models.map((m) => m.name);
        return { ok: true, latencyMs: latency(), detail: `${models.length} local models`, models };
      } catch (e) {
        return { ok: false, latencyMs: latency(), detail: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
