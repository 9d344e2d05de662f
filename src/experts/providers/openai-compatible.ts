/**
 * The Chat Completions wire format shared by OpenAI, OpenRouter and Hugging Face (TGI / router), spoken
 * through the official `openai` SDK with retries off and the injected fetch. Pure mappers plus one factory;
 * vendor files only choose a dialect (token field, extras, headers). The SDK is imported at the first call
 * (lazy-client.ts); the mappers never need it.
 */
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { Clock } from '../../core/deps.js';
import type { CallOptions, FetchLike, LLMProvider, LLMRequest, LLMResponse, LLMStreamEvent, ProviderId, RateLimitInfo } from '../types.js';
import {
  abortError,
  type HeaderReader,
  httpFailureToError,
  malformedResponse,
  parseDurationMs,
  sdkErrorToAppError,
  type VendorErrorFields,
} from './errors.js';
import { lazyClient } from './lazy-client.js';

/** How one vendor's flavour of Chat Completions differs. */
export interface ChatDialect {
  /** OpenAI's current models take `max_completion_tokens`; TGI and OpenRouter take `max_tokens`. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** False for models that reject a temperature (OpenAI reasoning models). */
  acceptsTemperature(model: string): boolean;
  /** Vendor extensions merged into the body (OpenRouter usage accounting). */
  extraBody?: Record<string, unknown>;
}

/** The `/chat/completions` body for a vendor-neutral request. */
export function toChatCompletionsRequest(req: LLMRequest, dialect: ChatDialect): ChatCompletionCreateParamsNonStreaming {
  const messages: ChatCompletionCreateParamsNonStreaming['messages'] = [];
  if (req.system) messages.push({ role: 'system', content: req.system });
  for (const m of req.messages) messages.push({ role: m.role, content: m.content });
  return {
    model: req.model,
    messages,
    [dialect.maxTokensField]: req.maxOutputTokens,
    ...(req.temperature !== undefined && dialect.acceptsTemperature(req.model) ? { temperature: req.temperature } : {}),
    ...(dialect.extraBody ?? {}),
  } as ChatCompletionCreateParamsNonStreaming;
}

const usageSchema = z.looseObject({
  prompt_tokens: z.number().int().nullish(),
  completion_tokens: z.number().int().nullish(),
  cost: z.number().nullish(),
});

const errorInBodySchema = z.looseObject({
  error: z.union([
    z.string(),
    z.looseObject({ message: z.string().optional(), code: z.union([z.number(), z.string()]).nullish(), type: z.string().nullish() }),
  ]),
});

const completionSchema = z.looseObject({
  model: z.string(),
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: usageSchema.nullish(),
});

const chunkSchema = z.looseObject({
  model: z.string().optional(),
  choices: z
    .array(z.looseObject({ delta: z.looseObject({ content: z.string().nullish() }).optional(), finish_reason: z.string().nullish() }))
    .optional(),
  usage: usageSchema.nullish(),
});

/** Error fields from an error body: `{error:{message,type,code}}` (OpenAI, OpenRouter) or `{error:"…"}` (TGI). */
export function readChatError(body: unknown): VendorErrorFields {
  const inner = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : body;
  if (typeof inner === 'string') return { message: inner };
  const parsed = z
    .looseObject({ message: z.string().optional(), code: z.union([z.number(), z.string()]).nullish(), type: z.string().nullish() })
    .safeParse(inner);
  if (!parsed.success) return {};
  const { message, code, type } = parsed.data;
  return {
    message,
    vendorCode: typeof code === 'string' ? code : (type ?? undefined),
    ...(typeof code === 'number' ? { status: code } : {}),
  };
}

function usageOf(u: z.infer<typeof usageSchema> | null | undefined): LLMResponse['usage'] {
  return {
    inputTokens: u?.prompt_tokens ?? null,
    outputTokens: u?.completion_tokens ?? null,
    ...(typeof u?.cost === 'number' ? { reportedCostUsd: u.cost } : {}),
  };
}

/**
 * Map a completion body to an LLMResponse. A body carrying `error` is a failure even with HTTP 200
 * (OpenRouter reports upstream failures that way).
 */
export function fromChatCompletion(raw: unknown, provider: ProviderId): LLMResponse {
  const failed = errorInBodySchema.safeParse(raw);
  if (failed.success) {
    const f = readChatError(raw);
    throw httpFailureToError({ provider, status: f.status ?? 502, message: f.message, vendorCode: f.vendorCode });
  }
  const parsed = completionSchema.safeParse(raw);
  if (!parsed.success) throw malformedResponse(provider, 'chat completion', parsed.error);
  const c = parsed.data;
  const choice = c.choices[0]!;
  return { text: choice.message.content ?? '', model: c.model, usage: usageOf(c.usage), finishReason: choice.finish_reason ?? null };
}

/** Accumulates chunks of a streamed completion. */
export interface ChatStreamState {
  push(chunk: unknown): string | undefined;
  result(fallbackModel: string): LLMResponse;
}

/** A pure reducer over `chat.completion.chunk` objects (content deltas, finish reason, final usage chunk). */
export function chatStreamState(provider: ProviderId): ChatStreamState {
  let text = '';
  let model: string | undefined;
  let finish: string | null = null;
  let usage: LLMResponse['usage'] = { inputTokens: null, outputTokens: null };
  return {
    push(raw) {
      if (errorInBodySchema.safeParse(raw).success) {
        const f = readChatError(raw);
        throw httpFailureToError({ provider, status: f.status ?? 502, message: f.message, vendorCode: f.vendorCode });
      }
      const parsed = chunkSchema.safeParse(raw);
      if (!parsed.success) throw malformedResponse(provider, 'stream chunk', parsed.error);
      const c = parsed.data;
      model = c.model ?? model;
      if (c.usage) usage = usageOf(c.usage);
      const choice = c.choices?.[0];
      if (choice?.finish_reason) finish = choice.finish_reason;
      const delta = choice?.delta?.content;
      if (delta) {
        text += delta;
        return delta;
      }
      return undefined;
    },
    result: (fallbackModel) => ({ text, model: model ?? fallbackModel, usage, finishReason: finish }),
  };
}

/**
 * Rate-limit headers: OpenAI's `x-ratelimit-remaining-{requests,tokens}` with duration resets ("6m0s"),
 * and OpenRouter's `x-ratelimit-remaining` with an epoch-ms `x-ratelimit-reset`.
 */
export function chatRateLimit(headers: HeaderReader, nowMs: number): RateLimitInfo | undefined {
  const num = (name: string) => {
    const v = headers.get(name);
    return v === null || v.trim() === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
  };
  const requestsRemaining = num('x-ratelimit-remaining-requests') ?? num('x-ratelimit-remaining');
  const tokensRemaining = num('x-ratelimit-remaining-tokens');
  if (requestsRemaining === undefined && tokensRemaining === undefined) return undefined;
  const info: RateLimitInfo = {};
  if (requestsRemaining !== undefined) info.requestsRemaining = requestsRemaining;
  if (tokensRemaining !== undefined) info.tokensRemaining = tokensRemaining;
  const resets: number[] = [];
  if (requestsRemaining === 0) {
    const epoch = num('x-ratelimit-reset');
    const dur = parseDurationMs(headers.get('x-ratelimit-reset-requests'));
    if (dur !== undefined) resets.push(nowMs + dur);
    else if (epoch !== undefined) resets.push(epoch < 1e12 ? epoch * 1000 : epoch);
  }
  if (tokensRemaining === 0) {
    const dur = parseDurationMs(headers.get('x-ratelimit-reset-tokens'));
    if (dur !== undefined) resets.push(nowMs + dur);
  }
  if (resets.length > 0) info.resetAtMs = Math.max(...resets);
  return info;
}

/** Settings of one Chat Completions provider instance. */
export interface ChatProviderOptions {
  id: ProviderId;
  apiKey: string;
  baseUrl: string;
  fetch: FetchLike;
  clock: Clock;
  dialect: ChatDialect;
  charsPerToken?: number;
  /** Extra headers on every request (OpenRouter attribution). */
  headers?: Record<string, string>;
}

/**
 * An LLMProvider over the `openai` SDK pointed at `baseUrl`, with `maxRetries: 0` and the injected fetch. The SDK
 * is loaded at the first call, not here.
 */
export function createChatCompletionsProvider(options: ChatProviderOptions): LLMProvider {
  const { id, dialect, clock } = options;
  const client = lazyClient(id, 'openai', async (): Promise<OpenAI> => {
    const { default: Sdk } = await import('openai');
    return new Sdk({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      organization: null,
      project: null,
      maxRetries: 0,
      fetch: options.fetch,
      timeout: 600_000,
      ...(options.headers ? { defaultHeaders: options.headers } : {}),
    });
  });
  const fail = (e: unknown, signal: AbortSignal) => sdkErrorToAppError(id, e, signal, clock.now(), readChatError);
  return {
    id,
    charsPerToken: options.charsPerToken ?? 4,
    async complete(request: LLMRequest, { signal }: CallOptions) {
      try {
        const { data, response } = await (await client()).chat.completions
          .create(toChatCompletionsRequest(request, dialect), { signal })
          .withResponse();
        const rateLimit = chatRateLimit(response.headers, clock.now());
        return { ...fromChatCompletion(data, id), ...(rateLimit ? { rateLimit } : {}) };
      } catch (e) {
        throw fail(e, signal);
      }
    },
    async *stream(request: LLMRequest, { signal }: CallOptions): AsyncGenerator<LLMStreamEvent> {
      const state = chatStreamState(id);
      let rateLimit: RateLimitInfo | undefined;
      try {
        const body = { ...toChatCompletionsRequest(request, dialect), stream: true as const, stream_options: { include_usage: true } };
        const { data, response } = await (await client()).chat.completions.create(body, { signal }).withResponse();
        rateLimit = chatRateLimit(response.headers, clock.now());
        for await (const chunk of data) {
          const delta = state.push(chunk);
          if (delta) yield { type: 'delta', text: delta };
        }
        // The SDK ends an aborted stream quietly; a cut-off answer must not pass for a complete one.
        if (signal.aborted) throw abortError(id, signal);
      } catch (e) {
        throw fail(e, signal);
      }
      yield { type: 'done', response: { ...state.result(request.model), ...(rateLimit ? { rateLimit } : {}) } };
    },
    async health({ signal }: CallOptions) {
      const started = clock.monotonic();
      try {
        const page = await (await client()).models.list({ signal });
        const models = page.data.map((m) => m.id);
        return { ok: true, latencyMs: Math.round(clock.monotonic() - started), detail: `${models.length} models`, models };
      } catch (e) {
        return { ok: false, latencyMs: Math.round(clock.monotonic() - started), detail: fail(e, signal).message };
      }
    },
  };
}
