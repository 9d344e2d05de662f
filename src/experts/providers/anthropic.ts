/**
 * Anthropic Messages API through @anthropic-ai/sdk (retries off, our fetch), with pure mappers:
 * request → `/v1/messages` body, response/stream events → LLMResponse, `anthropic-ratelimit-*` headers.
 * SDK 1.x speaks API version 2026-10-21 and sends the key as `Authorization: Bearer` (the API also
 * accepts `x-api-key`). The SDK is imported at the first call (lazy-client.ts); the mappers never need it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { Clock } from '../../core/deps.js';
import type { CallOptions, FetchLike, LLMProvider, LLMRequest, LLMResponse, LLMStreamEvent, RateLimitInfo } from '../types.js';
import { abortError, type HeaderReader, malformedResponse, sdkErrorToAppError, type VendorErrorFields } from './errors.js';
import { lazyClient } from './lazy-client.js';

/** Default API base URL. */
export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

/**
 * The `/v1/messages` request body for a vendor-neutral request. No temperature: API version 2026-10-21
 * (sent by @anthropic-ai/sdk 1.x) rejects temperature, top_p and top_k with a 400, even at default values.
 */
export function toAnthropicRequest(req: LLMRequest): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: req.model,
    max_tokens: req.maxOutputTokens,
    ...(req.system ? { system: req.system } : {}),
    messages: req.messages.map((m) => ({ role: m.role, content: m.content })),
  };
}

const usageSchema = z.looseObject({
  input_tokens: z.number().int().nullish(),
  output_tokens: z.number().int().nullish(),
  cache_creation_input_tokens: z.number().int().nullish(),
  cache_read_input_tokens: z.number().int().nullish(),
});

const messageSchema = z.looseObject({
  type: z.literal('message'),
  model: z.string(),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullish(),
  usage: usageSchema,
});

/** Input tokens include prompt-cache reads and writes, which are billed as input too. */
function inputTokens(u: z.infer<typeof usageSchema>): number | null {
  if (u.input_tokens == null) return null;
  return u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
}

/** Map a `/v1/messages` response body (validated) to an LLMResponse. */
export function fromAnthropicResponse(raw: unknown): LLMResponse {
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) throw malformedResponse('anthropic', 'message', parsed.error);
  const m = parsed.data;
  return {
    text: m.content
      .filter((b) => b.type === 'text')
      .map((b) => b.text ?? '')
      .join(''),
    model: m.model,
    usage: { inputTokens: inputTokens(m.usage), outputTokens: m.usage.output_tokens ?? null },
    finishReason: m.stop_reason ?? null,
  };
}

/** Read `anthropic-ratelimit-*` headers; `resetAtMs` is set only when requests or tokens are exhausted. */
export function anthropicRateLimit(headers: HeaderReader): RateLimitInfo | undefined {
  const num = (name: string) => {
    const v = headers.get(name);
    return v === null || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
  };
  const requestsRemaining = num('anthropic-ratelimit-requests-remaining');
  const tokensRemaining = num('anthropic-ratelimit-tokens-remaining') ?? num('anthropic-ratelimit-input-tokens-remaining');
  if (requestsRemaining === undefined && tokensRemaining === undefined) return undefined;
  const info: RateLimitInfo = {};
  if (requestsRemaining !== undefined) info.requestsRemaining = requestsRemaining;
  if (tokensRemaining !== undefined) info.tokensRemaining = tokensRemaining;
  const resets: number[] = [];
  if (requestsRemaining === 0) resets.push(Date.parse(headers.get('anthropic-ratelimit-requests-reset') ?? ''));
  if (tokensRemaining === 0) {
    resets.push(Date.parse(headers.get('anthropic-ratelimit-tokens-reset') ?? headers.get('anthropic-ratelimit-input-tokens-reset') ?? ''));
  }
  const valid = resets.filter((r) => !Number.isNaN(r));
  if (valid.length > 0) info.resetAtMs = Math.max(...valid);
  return info;
}

/** Error body `{ type: "error", error: { type, message } }`. */
export function readAnthropicError(body: unknown): VendorErrorFields {
  const parsed = z.looseObject({ error: z.looseObject({ type: z.string().optional(), message: z.string().optional() }) }).safeParse(body);
  if (!parsed.success) return {};
  return { message: parsed.data.error.message, vendorCode: parsed.data.error.type };
}

const streamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('message_start'), message: z.looseObject({ model: z.string(), usage: usageSchema }) }),
  z.looseObject({
    type: z.literal('content_block_delta'),
    delta: z.looseObject({ type: z.string(), text: z.string().optional() }),
  }),
  z.looseObject({
    type: z.literal('message_delta'),
    delta: z.looseObject({ stop_reason: z.string().nullish() }),
    usage: usageSchema.optional(),
  }),
  z.looseObject({ type: z.literal('message_stop') }),
  z.looseObject({ type: z.literal('content_block_start') }),
  z.looseObject({ type: z.literal('content_block_stop') }),
  z.looseObject({ type: z.literal('ping') }),
]);

/** Accumulates a Messages stream; `push` returns text to emit, `result` the final response. */
export interface AnthropicStreamState {
  push(event: unknown): string | undefined;
  result(): LLMResponse;
}

/** A pure reducer over Messages stream events (message_start … message_stop). */
export function anthropicStreamState(): AnthropicStreamState {
  let model = '';
  let text = '';
  let input: number | null = null;
  let output: number | null = null;
  let finish: string | null = null;
  return {
    push(raw) {
      const parsed = streamEventSchema.safeParse(raw);
      if (!parsed.success) return undefined; // Unknown event types are allowed by Anthropic's versioning policy.
      const e = parsed.data;
      if (e.type === 'message_start') {
        model = e.message.model;
        input = inputTokens(e.message.usage);
        output = e.message.usage.output_tokens ?? null;
      } else if (e.type === 'content_block_delta' && e.delta.type === 'text_delta' && e.delta.text) {
        text += e.delta.text;
        return e.delta.text;
      } else if (e.type === 'message_delta') {
        finish = e.delta.stop_reason ?? finish;
        if (e.usage?.output_tokens != null) output = e.usage.output_tokens;
      }
      return undefined;
    },
    result: () => ({ text, model, usage: { inputTokens: input, outputTokens: output }, finishReason: finish }),
  };
}

/** Settings of one Anthropic provider instance. */
export interface AnthropicOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  fetch: FetchLike;
  clock: Clock;
}

/**
 * An LLMProvider over the official SDK with `maxRetries: 0` (our guard retries) and the injected fetch. The SDK
 * is loaded at the first call, not here.
 */
export function createAnthropicProvider(options: AnthropicOptions): LLMProvider {
  const client = lazyClient('anthropic', '@anthropic-ai/sdk', async () => {
    const { default: Sdk } = await import('@anthropic-ai/sdk');
    return new Sdk({
      apiKey: options.apiKey,
      baseURL: options.baseUrl ?? ANTHROPIC_BASE_URL,
      maxRetries: 0,
      fetch: options.fetch,
      // Deadlines are enforced by our AbortSignals; the SDK's own timeout only backs them up.
      timeout: 600_000,
    });
  });
  const fail = (e: unknown, signal: AbortSignal) => sdkErrorToAppError('anthropic', e, signal, options.clock.now(), readAnthropicError);
  return {
    id: 'anthropic',
    charsPerToken: 3.5,
    async complete(request, { signal }: CallOptions) {
      try {
        const { data, response } = await (await client()).messages.create(toAnthropicRequest(request), { signal }).withResponse();
        const rateLimit = anthropicRateLimit(response.headers);
        return { ...fromAnthropicResponse(data), ...(rateLimit ? { rateLimit } : {}) };
      } catch (e) {
        throw fail(e, signal);
      }
    },
    async *stream(request, { signal }: CallOptions): AsyncGenerator<LLMStreamEvent> {
      const state = anthropicStreamState();
      let rateLimit: RateLimitInfo | undefined;
      try {
        const { data, response } = await (await client()).messages
          .create({ ...toAnthropicRequest(request), stream: true }, { signal })
          .withResponse();
        rateLimit = anthropicRateLimit(response.headers);
        for await (const event of data) {
          const delta = state.push(event);
          if (delta) yield { type: 'delta', text: delta };
        }
        // The SDK ends an aborted stream quietly; a cut-off answer must not pass for a complete one.
        if (signal.aborted) throw abortError('anthropic', signal);
      } catch (e) {
        throw fail(e, signal);
      }
      yield { type: 'done', response: { ...state.result(), ...(rateLimit ? { rateLimit } : {}) } };
    },
    async health({ signal }: CallOptions) {
      const started = options.clock.monotonic();
      try {
        const page = await (await client()).models.list({ limit: 100 }, { signal });
        const models = page.data.map((m) => m.id);
        return { ok: true, latencyMs: Math.round(options.clock.monotonic() - started), detail: `${models.length} models`, models };
      } catch (e) {
        const error = fail(e, signal);
        return { ok: false, latencyMs: Math.round(options.clock.monotonic() - started), detail: error.message };
      }
    },
  };
}
