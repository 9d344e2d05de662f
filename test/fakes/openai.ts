/** Fake OpenAI API (`/v1/chat/completions`, `/v1/models`, Bearer auth). */
import type { FakeRequest, FakeServer } from './llm-server.js';
import { startChatFake } from './openai-compatible.js';

/** The key the fake accepts. */
export const OPENAI_FAKE_KEY = 'sk-openai-test-key';

/** Start the fake; use `${url}/v1` as the provider's base URL. */
export function startOpenAiFake(
  options: { answer?: (req: FakeRequest) => string; models?: string[]; delayMs?: (req: FakeRequest) => number } = {},
): Promise<FakeServer> {
  return startChatFake({ apiKey: OPENAI_FAKE_KEY, prefix: '/v1', ...options });
}
