import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/errors.js';
import { createRateGate } from './rate-gate.js';

function fakeTime(now = 1_000_000) {
  const waits: number[] = [];
  return {
    waits,
    time: {
      clock: { now: () => now, monotonic: () => 0 },
      timers: {
        setTimeout: (cb: () => void, ms: number) => {
          waits.push(ms);
          return setImmediate(cb);
        },
        clearTimeout: (h: unknown) => clearImmediate(h as NodeJS.Immediate),
      },
    },
  };
}

describe('rate gate', () => {
  it('waits until an exhausted budget refills', async () => {
    const { time, waits } = fakeTime();
    const gate = createRateGate(time);
    gate.observe('openai', { requestsRemaining: 0, resetAtMs: 1_005_000 });
    await gate.wait('openai', new AbortController().signal, 60_000);
    expect(waits).toEqual([5000]);
  });

  it('fails fast with retryAfterMs when the refill is past the deadline', async () => {
    const { time } = fakeTime();
    const gate = createRateGate(time);
    gate.observe('openai', { requestsRemaining: 0, resetAtMs: 1_090_000 });
    const error = await gate.wait('openai', new AbortController().signal, 1000).catch((e) => e);
    expect(hasCode(error, 'E_RATE_LIMITED') && error.retryAfterMs).toBe(90_000);
  });

  it('ignores responses with budget left', async () => {
    const { time, waits } = fakeTime();
    const gate = createRateGate(time);
    gate.observe('openai', { requestsRemaining: 10 });
    await gate.wait('openai', new AbortController().signal, 1000);
    expect(waits).toEqual([]);
  });
});
