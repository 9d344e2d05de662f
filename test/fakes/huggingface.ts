/**
 * Fake Hugging Face inference endpoint running TGI: OpenAI-compatible `/v1/chat/completions` with Bearer
 * auth, and TGI's own error shape `{ "error": "…", "error_type": "…" }`.
 */
import type { FakeReply, FakeRequest, FakeServer } from './llm-server.js';
import { startChatFake } from './openai-compatible.js';

/** The token the fake accepts. */
export const HUGGINGFACE_FAKE_KEY = 'hf_test_token';

/** A TGI error reply, e.g. `tgiError(503, 'overloaded', 'Model is overloaded')`. */
export function tgiError(status: number, errorType: string, message: string): FakeReply {
  return { status, json: { error: message, error_type: errorType } };
}

/** Start the fake; use `${url}/v1` as the provider's base URL. */
export function startHuggingFaceFake(options: { answer?: (req: FakeRequest) => string; models?: string[] } = {}): Promise<FakeServer> {
  return startChatFake({ apiKey: HUGGINGFACE_FAKE_KEY, prefix: '/v1', ...options });
}
