/**
 * One expert call behind the provider's resilience: rate gate, retry (honouring Retry-After), bulkhead and
 * circuit breaker of `provider:<vendor>`, streaming or not, reporting attempts and received text as progress.
 */
import type { Deadline, Resilience } from '../../resilience/index.js';
import { malformedResponse } from '../providers/errors.js';
import type { ConsultProgress } from '../schemas.js';
import type { LLMProvider, LLMRequest, LLMResponse } from '../types.js';
import type { RateGate } from './rate-gate.js';

/** The resilience dependency name of a provider (breaker, bulkhead, metrics label). */
export const dependencyOf = (provider: LLMProvider | string) => `provider:${typeof provider === 'string' ? provider : provider.id}`;

/** What an expert call runs with. */
export interface CallExpertContext {
  resilience: Resilience;
  rateGate: RateGate;
  /** Retry preset name (resilience.retry). */
  retry: string;
  /** The expert's task deadline (per-expert timeout within the consult deadline). */
  deadline: Deadline;
  /** Use the provider's streaming API and report received characters. */
  stream: boolean;
  onProgress?: ((event: ConsultProgress) => void) | undefined;
}

/** Stream a completion to its end, reporting progress; the `done` event's response is the result. */
async function collect(
  provider: LLMProvider,
  request: LLMRequest,
  signal: AbortSignal,
  report: (chars: number) => void,
): Promise<LLMResponse> {
  let chars = 0;
  for await (const event of provider.stream(request, { signal })) {
    if (event.type === 'done') return event.response;
    chars += event.text.length;
    report(chars);
  }
  throw malformedResponse(provider.id, 'stream end (no final event)');
}

/** Call one expert; rejects with the last AppError (E_CIRCUIT_OPEN, E_RATE_LIMITED, E_TIMEOUT, …). */
export async function callExpert(
  expertId: string,
  provider: LLMProvider,
  request: LLMRequest,
  ctx: CallExpertContext,
): Promise<LLMResponse> {
  return ctx.resilience.run(
    dependencyOf(provider),
    async ({ signal, attempt, deadline }) => {
      ctx.onProgress?.({ type: 'expert_started', expertId, attempt });
      await ctx.rateGate.wait(provider.id, signal, deadline.remainingMs());
      const response = ctx.stream
        ? await collect(provider, request, signal, (chars) => ctx.onProgress?.({ type: 'expert_delta', expertId, chars }))
        : await provider.complete(request, { signal });
      ctx.rateGate.observe(provider.id, response.rateLimit);
      return response;
    },
    // timeoutMs 0: the consult's deadlines bound the call, not resilience's generic default.
    { retry: ctx.retry, deadline: ctx.deadline, timeoutMs: 0 },
  );
}
