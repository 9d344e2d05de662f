/**
 * The vocabulary of the Circle of Experts: providers, requests and responses every vendor maps to,
 * query types and stances. Vendor files in providers/ translate between these and their wire formats.
 */

/** Vendors with a provider file under providers/. */
export const PROVIDER_IDS = ['anthropic', 'openai', 'gemini', 'openrouter', 'ollama', 'huggingface'] as const;
/** One of PROVIDER_IDS. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** What kind of question is asked; drives the system prompt, auto-selection and per-type weights. */
export const QUERY_TYPES = ['review', 'architecture', 'security', 'debug', 'general'] as const;
/** One of QUERY_TYPES. */
export type QueryType = (typeof QUERY_TYPES)[number];

/** The position an expert is asked to take: `against` is the devil's advocate against agreement bias. */
export const STANCES = ['for', 'against', 'neutral'] as const;
/** One of STANCES. */
export type Stance = (typeof STANCES)[number];

/** One turn of a chat. System instructions travel separately in `LLMRequest.system`. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** A vendor-neutral completion request. */
export interface LLMRequest {
  model: string;
  system?: string;
  messages: ChatMessage[];
  /** Upper bound on generated tokens. */
  maxOutputTokens: number;
  /** Sampling temperature; omitted for models that only accept their default. */
  temperature?: number;
}

/** Token usage as the vendor reported it; null when the vendor did not say. */
export interface LLMUsage {
  inputTokens: number | null;
  outputTokens: number | null;
  /** A cost the vendor itself reported (OpenRouter usage accounting), preferred over the price table. */
  reportedCostUsd?: number;
}

/** Rate-limit state read from response headers, used to hold back the next call. */
export interface RateLimitInfo {
  requestsRemaining?: number;
  tokensRemaining?: number;
  /** Epoch ms when the exhausted budget refills (only set when something is exhausted). */
  resetAtMs?: number;
}

/** A vendor-neutral completion. */
export interface LLMResponse {
  text: string;
  /** The model that answered (vendors may resolve aliases). */
  model: string;
  usage: LLMUsage;
  /** Vendor stop reason, e.g. `end_turn`, `stop`, `length`. */
  finishReason: string | null;
  rateLimit?: RateLimitInfo;
}

/** Streaming: text deltas, then exactly one `done` with the assembled response. */
export type LLMStreamEvent = { type: 'delta'; text: string } | { type: 'done'; response: LLMResponse };

/** Per-call options every provider honours. */
export interface CallOptions {
  /** Aborts the HTTP exchange (deadline, per-expert timeout or caller cancel). */
  signal: AbortSignal;
}

/** Result of a cheap liveness probe (a model listing, never a paid completion). */
export interface ProviderHealth {
  ok: boolean;
  latencyMs: number;
  detail: string;
  models?: string[];
}

/**
 * One LLM vendor behind one interface. Implementations never retry (our guard does), never read the
 * environment, and map every failure to an AppError (E_RATE_LIMITED with retryAfterMs, E_UPSTREAM, …).
 */
export interface LLMProvider {
  readonly id: ProviderId;
  /** Average characters per token for estimates (no vendor tokenizer is bundled). */
  readonly charsPerToken: number;
  complete(request: LLMRequest, options: CallOptions): Promise<LLMResponse>;
  stream(request: LLMRequest, options: CallOptions): AsyncIterable<LLMStreamEvent>;
  health(options: CallOptions): Promise<ProviderHealth>;
}

/** The fetch signature providers receive (an SSRF-guarded fetch in production, plain fetch in tests). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** `provider:model`, e.g. `anthropic:claude-sonnet-5-5` (the model part may itself contain colons). */
export type ExpertId = string;

/** Split an expert id at its first colon; undefined when the provider part is unknown. */
export function parseExpertId(id: string): { provider: ProviderId; model: string } | undefined {
  const colon = id.indexOf(':');
  if (colon <= 0 || colon === id.length - 1) return undefined;
  const provider = id.slice(0, colon);
  if (!(PROVIDER_IDS as readonly string[]).includes(provider)) return undefined;
  return { provider: provider as ProviderId, model: id.slice(colon + 1) };
}
