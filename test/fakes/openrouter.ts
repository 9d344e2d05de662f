/**
 * Fake OpenRouter API (`/api/v1/chat/completions`, `/api/v1/models`, Bearer auth). `HTTP-Referer` and
 * `X-Title` are optional there, so the fake accepts requests with or without them and records them.
 */
import type { FakeReply, FakeRequest, FakeServer } from './llm-server.js';
import { startChatFake } from './openai-compatible.js';

/** The key the fake accepts. */
export const OPENROUTER_FAKE_KEY = 'sk-or-test-key';

/** An upstream failure reported the OpenRouter way: HTTP 200 with an `error` body. */
export function openRouterErrorIn200(code: number, message: string): FakeReply {
  return { status: 200, json: { error: { code, message, metadata: { provider_name: 'FakeUpstream' } } } };
}

/** Start the fake; use `${url}/api/v1` as the provider's base URL. */
export function startOpenRouterFake(options: { answer?: (req: FakeRequest) => string; models?: string[] } = {}): Promise<FakeServer> {
  return startChatFake({ apiKey: OPENROUTER_FAKE_KEY, prefix: '/api/v1', ...options });
}
