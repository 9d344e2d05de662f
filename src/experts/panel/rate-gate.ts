/**
 * Holds calls back while a provider's rate-limit headers say the budget is spent (remaining 0 until a reset
 * time), so a panel does not burn requests on certain 429s. Errors' Retry-After is handled by the retry
 * policy; this gate only reads successful responses.
 */
import { AppError } from '../../core/errors.js';
import { sleep, type TimeSource } from '../../resilience/index.js';
import { PROVIDER_NAMES } from '../providers/errors.js';
import type { ProviderId, RateLimitInfo } from '../types.js';

/** Per-provider hold-back state of a process. */
export interface RateGate {
  /** Record the rate-limit state of a response. */
  observe(provider: ProviderId, info: RateLimitInfo | undefined): void;
  /**
   * Wait until the provider's budget refills; E_RATE_LIMITED (with retryAfterMs) at once when that is
   * later than `remainingMs`.
   */
  wait(provider: ProviderId, signal: AbortSignal, remainingMs: number): Promise<void>;
  /** Epoch ms until which the provider is held back, if it is. */
  heldUntil(provider: ProviderId): number | undefined;
}

/** A rate gate on the injected clock and timers. */
export function createRateGate(time: TimeSource): RateGate {
  const until = new Map<ProviderId, number>();
  const heldUntil = (provider: ProviderId) => {
    const at = until.get(provider);
    return at !== undefined && at > time.clock.now() ? at : undefined;
  };
  return {
    observe(provider, info) {
      if (info?.resetAtMs === undefined || info.resetAtMs <= time.clock.now()) return;
      until.set(provider, Math.max(until.get(provider) ?? 0, info.resetAtMs));
    },
    async wait(provider, signal, remainingMs) {
      const at = heldUntil(provider);
      if (at === undefined) return;
      const waitMs = at - time.clock.now();
      if (waitMs >= remainingMs) {
        throw new AppError(
          'E_RATE_LIMITED',
          `${PROVIDER_NAMES[provider]} rate limit is exhausted for another ${Math.ceil(waitMs / 1000)} s.`,
          {
            retryAfterMs: waitMs,
            details: { provider },
          },
        );
      }
      await sleep(waitMs, { timers: time.timers, signal });
    },
    heldUntil,
  };
}
