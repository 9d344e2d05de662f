/**
 * A scripted LLMProvider for tests, benchmarks and demos: answers come from a function, calls are recorded,
 * and streaming splits the answer into small deltas. No network.
 */

import type { CallOptions, LLMProvider, LLMRequest, LLMResponse, LLMStreamEvent, ProviderHealth, ProviderId } from '../types.js';
import { abortError } from './errors.js';

/** Produces the answer to one call (throw an AppError to fail it). */
export type Script = (
  request: LLMRequest,
  info: { call: number; signal: AbortSignal },
) => Promise<string | LLMResponse> | string | LLMResponse;

/** A scripted provider and the requests it received. */
export interface ScriptedProvider extends LLMProvider {
  readonly calls: LLMRequest[];
}

/** Wait until `signal` aborts, then reject with its reason: a call that never answers. */
export function hang(provider: ProviderId, signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(abortError(provider, signal));
    signal.addEventListener('abort', () => reject(abortError(provider, signal)), { once: true });
  });
}

/** Usage estimated from text lengths, four characters per token. */
function toResponse(request: LLMRequest, answer: string | LLMResponse): LLMResponse {
  if (typeof answer !== 'string') return answer;
  const input = (request.system ?? '').length + request.messages.reduce((n, m) => n + m.content.length, 0);
  return {
    text: answer,
    model: request.model,
    usage: { inputTokens: Math.ceil(input / 4), outputTokens: Math.ceil(answer.length / 4) },
    finishReason: 'stop',
  };
}

/** A provider whose answers `script` decides. */
export function createScriptedProvider(
  id: ProviderId,
  script: Script,
  options: { charsPerToken?: number; health?: ProviderHealth } = {},
): ScriptedProvider {
  const calls: LLMRequest[] = [];
  const run = async (request: LLMRequest, signal: AbortSignal) => {
    calls.push(request);
    if (signal.aborted) throw abortError(id, signal);
    return toResponse(request, await script(request, { call: calls.length, signal }));
  };
  return {
    id,
    charsPerToken: options.charsPerToken ?? 4,
    calls,
    complete: (request, { signal }: CallOptions) => run(request, signal),
    async *stream(request, { signal }: CallOptions): AsyncGenerator<LLMStreamEvent> {
      const response = await run(request, signal);
      for (let i = 0; i < response.text.length; i += 64) yield { type: 'delta', text: response.text.slice(i, i + 64) };
      yield { type: 'done', response };
    },
    health: async () => options.health ?? { ok: true, latencyMs: 0, detail: 'scripted', models: [] },
  };
}
