/**
 * Google Gemini API (`/v1beta/models/{model}:generateContent`, `:streamGenerateContent?alt=sse`) with the
 * `x-goog-api-key` header. Spoken over the injected fetch rather than @google/genai 1.x, which calls the
 * global fetch (no way to pass the SSRF-guarded one) and drops response headers and RetryInfo from its errors.
 * The request/response mappers mirror the SDK's wire types.
 */
import { z } from 'zod';
import type { Clock } from '../../core/deps.js';
import type { CallOptions, FetchLike, LLMProvider, LLMRequest, LLMResponse, LLMStreamEvent } from '../types.js';
import { httpFailureToError, malformedResponse, parseDurationMs, type VendorErrorFields } from './errors.js';
import { readJson, readSse, sendJson } from './http.js';

/** Default API base URL. */
export const GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

/** The `generateContent` request body (`model` goes in the path). */
export interface GeminiRequestBody {
  systemInstruction?: { parts: Array<{ text: string }> };
  contents: Array<{ role: 'user' | 'model'; parts: Array<{ text: string }> }>;
  generationConfig: { maxOutputTokens: number; temperature?: number };
}

/** Map a vendor-neutral request to a `generateContent` body. */
export function toGeminiRequest(req: LLMRequest): GeminiRequestBody {
  return {
    ...(req.system ? { systemInstruction: { parts: [{ text: req.system }] } } : {}),
    contents: req.messages.map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] })),
    generationConfig: { maxOutputTokens: req.maxOutputTokens, ...(req.temperature === undefined ? {} : { temperature: req.temperature }) },
  };
}

/** The model path segment: `gemini-2.5-flash` and `models/gemini-2.5-flash` both work. */
export function geminiModelPath(model: string): string {
  return `models/${encodeURIComponent(model.replace(/^models\//, ''))}`;
}

const responseSchema = z.looseObject({
  candidates: z
    .array(
      z.looseObject({
        content: z
          .looseObject({ parts: z.array(z.looseObject({ text: z.string().optional(), thought: z.boolean().optional() })).optional() })
          .optional(),
        finishReason: z.string().optional(),
      }),
    )
    .optional(),
  promptFeedback: z.looseObject({ blockReason: z.string().optional() }).optional(),
  usageMetadata: z
    .looseObject({
      promptTokenCount: z.number().int().optional(),
      candidatesTokenCount: z.number().int().optional(),
      thoughtsTokenCount: z.number().int().optional(),
    })
    .optional(),
  modelVersion: z.string().optional(),
});

type GeminiChunk = z.infer<typeof responseSchema>;

function parseChunk(raw: unknown): GeminiChunk {
  const parsed = responseSchema.safeParse(raw);
  if (!parsed.success) throw malformedResponse('gemini', 'response', parsed.error);
  if (!parsed.data.candidates?.length && parsed.data.promptFeedback?.blockReason) {
    throw httpFailureToError({ provider: 'gemini', status: 400, message: `prompt blocked (${parsed.data.promptFeedback.blockReason})` });
  }
  return parsed.data;
}

/** Visible text of a chunk (thought summaries are not part of the answer). */
function chunkText(c: GeminiChunk): string {
  const parts = c.candidates?.[0]?.content?.parts ?? [];
  return parts
    .filter((p) => !p.thought)
    .map((p) => p.text ?? '')
    .join('');
}

function usageOf(c: GeminiChunk): LLMResponse['usage'] {
  const u = c.usageMetadata;
  // Thinking tokens are billed as output.
  const out =
    u?.candidatesTokenCount === undefined && u?.thoughtsTokenCount === undefined
      ? null
      : (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
  return { inputTokens: u?.promptTokenCount ?? null, outputTokens: out };
}

/** Map a `generateContent` response body to an LLMResponse. */
export function fromGeminiResponse(raw: unknown, requestedModel: string): LLMResponse {
  const c = parseChunk(raw);
  return {
    text: chunkText(c),
    model: c.modelVersion ?? requestedModel,
    usage: usageOf(c),
    finishReason: c.candidates?.[0]?.finishReason ?? null,
  };
}

/** Accumulates SSE chunks of `streamGenerateContent`; usage comes with the last chunk. */
export function geminiStreamState(requestedModel: string) {
  let text = '';
  let last: GeminiChunk = {};
  let finish: string | null = null;
  return {
    push(raw: unknown): string | undefined {
      const c = parseChunk(raw);
      last = c.usageMetadata ? c : { ...c, usageMetadata: last.usageMetadata };
      finish = c.candidates?.[0]?.finishReason ?? finish;
      const delta = chunkText(c);
      text += delta;
      return delta || undefined;
    },
    result: (): LLMResponse => ({ text, model: last.modelVersion ?? requestedModel, usage: usageOf(last), finishReason: finish }),
  };
}

/** Google RPC errors: `{ error: { code, message, status, details: [{ "@type": …RetryInfo, retryDelay: "30s" }] } }`. */
export function readGeminiError(body: unknown): VendorErrorFields {
  const parsed = z
    .looseObject({
      error: z.looseObject({
        code: z.number().optional(),
        message: z.string().optional(),
        status: z.string().optional(),
        details: z.array(z.looseObject({ '@type': z.string().optional(), retryDelay: z.string().optional() })).optional(),
      }),
    })
    .safeParse(Array.isArray(body) ? body[0] : body);
  if (!parsed.success) return {};
  const e = parsed.data.error;
  const retry = e.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'))?.retryDelay;
  return { message: e.message, vendorCode: e.status, status: e.code, retryAfterMs: parseDurationMs(retry) };
}

/** Settings of one Gemini provider instance. */
export interface GeminiOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  fetch: FetchLike;
  clock: Clock;
}

/** An LLMProvider for the Gemini API over the injected fetch. */
export function createGeminiProvider(options: GeminiOptions): LLMProvider {
  const base = (options.baseUrl ?? GEMINI_BASE_URL).replace(/\/+$/, '');
  const headers = { 'x-goog-api-key': options.apiKey };
  const common = { provider: 'gemini' as const, fetch: options.fetch, clock: options.clock, headers, readError: readGeminiError };
  return {
    id: 'gemini',
    charsPerToken: 4,
    async complete(request, { signal }: CallOptions) {
      const url = `${base}/v1beta/${geminiModelPath(request.model)}:generateContent`;
      const res = await sendJson({ ...common, url, body: toGeminiRequest(request), signal });
      return fromGeminiResponse(await readJson(res, 'gemini', signal), request.model);
    },
    async *stream(request, { signal }: CallOptions): AsyncGenerator<LLMStreamEvent> {
      const url = `${base}/v1beta/${geminiModelPath(request.model)}:streamGenerateContent?alt=sse`;
      const res = await sendJson({ ...common, url, body: toGeminiRequest(request), signal });
      const state = geminiStreamState(request.model);
      for await (const event of readSse(res.body, 'gemini', signal)) {
        let json: unknown;
        try {
          json = JSON.parse(event.data);
        } catch (e) {
          throw malformedResponse('gemini', 'stream event', e);
        }
        if (typeof json === 'object' && json !== null && 'error' in json) {
          const f = readGeminiError(json);
          throw httpFailureToError({
            provider: 'gemini',
            status: f.status,
            message: f.message,
            vendorCode: f.vendorCode,
            retryAfterMs: f.retryAfterMs,
          });
        }
        const delta = state.push(json);
        if (delta) yield { type: 'delta', text: delta };
      }
      yield { type: 'done', response: state.result() };
    },
    async health({ signal }: CallOptions) {
      const started = options.clock.monotonic();
      const latency = () => Math.round(options.clock.monotonic() - started);
      try {
        const res = await sendJson({ ...common, method: 'GET', url: `${base}/v1beta/models?pageSize=100`, signal });
        const body = z
          .looseObject({ models: z.array(z.looseObject({ name: z.string() })).default([]) })
          .parse(await readJson(res, 'gemini', signal));
        const models = body.models.map((m) => m.name.replace(/^models\//, ''));
        return { ok: true, latencyMs: latency(), detail: `${models.length} models`, models };
      } catch (e) {
        return { ok: false, latencyMs: latency(), detail: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
