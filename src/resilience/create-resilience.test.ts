import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError, hasCode } from '../core/errors.js';
import { createResilience, type ResilienceOptions } from './create-resilience.js';

const clock = { now: () => Date.now(), monotonic: () => Date.now() };
const never = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
const upstream = () => new AppError('E_UPSTREAM', 'Provider answered 503.');

function setup(extra: Partial<ResilienceOptions> = {}) {
  return createResilience({ clock, random: () => 0.5, ...extra });
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('resilience.run', () => {
  it('passes the dependency, attempt and a live signal to the call', async () => {
    const resilience = setup();
    const ctx = await resilience.run('mcp:github', async (c) => c);
    expect(ctx).toMatchObject({ dependency: 'mcp:github', attempt: 1 });
    expect(ctx.signal.aborted).toBe(false);
  });

  it('retries through the breaker with a preset and counts every attempt', async () => {
    const registry = new Registry();
    const resilience = setup({ metrics: { registry } });
    let calls = 0;
    const result = resilience.run(
      'provider:anthropic',
      async () => {
        if (++calls < 3) throw upstream();
        return 'answer';
      },
      { retry: 'fast' },
    );
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('answer');
    expect(resilience.breakers.get('provider:anthropic').snapshot().totals).toMatchObject({ success: 1, failure: 2 });
    expect(await registry.metrics()).toContain('resilience_retries_total{dependency="provider:anthropic"} 2');
  });

  it('does not retry by default (calls may not be idempotent)', async () => {
    const resilience = setup();
    const fn = vi.fn(() => Promise.reject(upstream()));
    await expect(resilience.run('k8s:prod', fn)).rejects.toMatchObject({ code: 'E_UPSTREAM' });
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fails fast with E_CIRCUIT_OPEN and does not retry an open breaker', async () => {
    const resilience = setup();
    resilience.breakers.open('provider:openai', { durationMs: 30_000 });
    const fn = vi.fn(async () => 'x');
    const error = await resilience.run('provider:openai', fn, { retry: 'patient' }).catch((e: unknown) => e);
    expect(hasCode(error, 'E_CIRCUIT_OPEN')).toBe(true);
    expect((error as AppError).retryAfterMs).toBe(30_000);
    expect(fn).not.toHaveBeenCalled();
  });

  it('bounds the whole call, retries included, by timeoutMs', async () => {
    const resilience = setup();
    const result = resilience.run('provider:gemini', ({ signal }) => never(signal), { timeoutMs: 1_000, retry: 'standard' });
    const settled = expect(result).rejects.toMatchObject({
      code: 'E_TIMEOUT',
      message: 'Call to "provider:gemini" timed out after 1000 ms.',
    });
    await vi.advanceTimersByTimeAsync(1_000);
    await settled;
  });

  it('retries an attempt that hit attemptTimeoutMs', async () => {
    const resilience = setup();
    let calls = 0;
    const result = resilience.run('mcp:slow', ({ signal }) => (++calls === 1 ? never(signal) : Promise.resolve('second try')), {
      attemptTimeoutMs: 200,
      retry: 'fast',
    });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('second try');
    expect(resilience.breakers.get('mcp:slow').snapshot().lastFailure).toMatchObject({
      code: 'E_TIMEOUT',
      message: 'Call to "mcp:slow" (attempt 1) timed out after 200 ms.',
    });
  });

  it('never lets a nested call outlive its parent', async () => {
    const resilience = setup();
    let innerRemaining = 0;
    const outer = resilience.run(
      'gateway:op',
      (ctx) =>
        resilience.run(
          'provider:anthropic',
          (inner) => {
            innerRemaining = inner.deadline.remainingMs();
            return never(inner.signal);
          },
          { deadline: ctx.deadline, timeoutMs: 60_000 },
        ),
      { timeoutMs: 500 },
    );
    const settled = expect(outer).rejects.toMatchObject({ code: 'E_TIMEOUT', message: 'Call to "gateway:op" timed out after 500 ms.' });
    await vi.advanceTimersByTimeAsync(500);
    await settled;
    expect(innerRemaining).toBe(500);
  });

  it('uses the configured default timeout', async () => {
    const resilience = setup({ settings: { timeoutMs: 300 } });
    const result = resilience.run('x', ({ signal }) => never(signal));
    const settled = expect(result).rejects.toMatchObject({ code: 'E_TIMEOUT' });
    await vi.advanceTimersByTimeAsync(300);
    await settled;
  });

  it('rejects with E_CANCELLED when the caller cancels', async () => {
    const resilience = setup();
    const controller = new AbortController();
    const result = resilience.run('x', ({ signal }) => never(signal), { signal: controller.signal });
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: 'E_CANCELLED' });
    expect(resilience.breakers.get('x').snapshot().totals).toMatchObject({ failure: 0, ignored: 1 });
  });

  it('rejects with E_BULKHEAD_FULL without counting it against the breaker', async () => {
    const resilience = setup({ settings: { bulkheads: { 'k8s:prod': { maxConcurrent: 1, maxQueue: 0 } } } });
    const controller = new AbortController();
    const busy = resilience.run('k8s:prod', ({ signal }) => never(signal), { signal: controller.signal });
    await expect(resilience.run('k8s:prod', async () => 'x')).rejects.toMatchObject({ code: 'E_BULKHEAD_FULL' });
    expect(resilience.breakers.get('k8s:prod').snapshot().totals.failure).toBe(0);
    controller.abort();
    await busy.catch(() => undefined);
  });

  it('skips breaker and bulkhead when asked', async () => {
    const resilience = setup();
    resilience.breakers.open('local');
    await expect(resilience.run('local', async () => 'ran', { breaker: false, bulkhead: false })).resolves.toBe('ran');
  });

  it('takes configured presets and policies given inline', () => {
    const resilience = setup({
      settings: { retry: { defaultPreset: 'deploy', presets: { deploy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1 } } } },
    });
    expect(resilience.retryPolicy()).toMatchObject({ maxAttempts: 2 });
    expect(resilience.retryPolicy('fast')).toMatchObject({ maxAttempts: 3 });
    expect(() => resilience.retryPolicy('nope')).toThrow(/Unknown retry preset "nope"/);
  });

  it('refuses an unknown default preset with a suggestion', () => {
    expect(() => setup({ settings: { retry: { defaultPreset: 'standrad' } } })).toThrow(
      'resilience.retry.defaultPreset: no preset "standrad". Did you mean "standard"? Known: fast, standard, patient.',
    );
  });
});
