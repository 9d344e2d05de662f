import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hasCode } from '../core/errors.js';
import { createDeadline, NO_DEADLINE, withTimeout } from './deadline.js';
import { systemTimers } from './timers.js';

// Fake timers drive Date.now(); the injected clock reads it, so no real time passes in these tests.
const time = { clock: { now: () => Date.now(), monotonic: () => Date.now() }, timers: systemTimers };
const never = () => new Promise<never>(() => undefined);

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('deadline', () => {
  it('aborts its signal with E_TIMEOUT when time runs out', () => {
    const d = createDeadline({ timeoutMs: 1_000, label: 'Call to "k8s:prod"' }, time);
    expect(d.remainingMs()).toBe(1_000);
    vi.advanceTimersByTime(400);
    expect(d.remainingMs()).toBe(600);
    vi.advanceTimersByTime(600);
    expect(d.signal.aborted).toBe(true);
    expect(d.signal.reason).toMatchObject({ code: 'E_TIMEOUT', message: 'Call to "k8s:prod" timed out after 1000 ms.' });
    expect(d.remainingMs()).toBe(0);
  });

  it('never outlives its parent', () => {
    const parent = createDeadline({ timeoutMs: 500 }, time);
    const child = createDeadline({ timeoutMs: 10_000, parent }, time);
    expect(child.expiresAt).toBe(parent.expiresAt);
    vi.advanceTimersByTime(500);
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toMatchObject({ code: 'E_TIMEOUT', details: { timeoutMs: 500 } });
  });

  it('ends at its own limit when that comes before the parent', () => {
    const parent = createDeadline({ timeoutMs: 10_000 }, time);
    const child = createDeadline({ timeoutMs: 100, parent }, time);
    vi.advanceTimersByTime(100);
    expect(child.signal.aborted).toBe(true);
    expect(parent.signal.aborted).toBe(false);
  });

  it('reports a caller cancellation as E_CANCELLED', () => {
    const controller = new AbortController();
    const d = createDeadline({ signal: controller.signal }, time);
    controller.abort();
    expect(hasCode(d.signal.reason, 'E_CANCELLED')).toBe(true);
  });

  it('starts aborted under an aborted parent', () => {
    const controller = new AbortController();
    controller.abort();
    expect(createDeadline({ timeoutMs: 1_000, signal: controller.signal }, time).signal.aborted).toBe(true);
  });

  it('clears its timer when disposed', () => {
    const d = createDeadline({ timeoutMs: 1_000 }, time);
    d.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(2_000);
    expect(d.signal.aborted).toBe(false);
  });

  it('cancels itself and its children with E_CANCELLED', () => {
    const parent = createDeadline({}, time);
    const child = createDeadline({ parent }, time);
    const seen: string[] = [];
    child.onAbort((reason) => seen.push(reason.code));
    parent.cancel();
    expect(child.signal.aborted).toBe(true);
    expect(seen).toEqual(['E_CANCELLED']);
    child.onAbort((reason) => seen.push(`late ${reason.code}`));
    expect(seen).toEqual(['E_CANCELLED', 'late E_CANCELLED']);
  });

  it('stops following its parent once disposed', () => {
    const parent = createDeadline({}, time);
    const child = createDeadline({ parent }, time);
    child.dispose();
    parent.cancel();
    expect(child.signal.aborted).toBe(false);
  });

  it('is unbounded without limits', () => {
    expect(createDeadline({ parent: NO_DEADLINE }, time).remainingMs()).toBe(Number.POSITIVE_INFINITY);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('timeout', () => {
  it('rejects with E_TIMEOUT even when the work ignores its signal', async () => {
    const result = withTimeout(never, { timeoutMs: 250 }, time);
    vi.advanceTimersByTime(250);
    await expect(result).rejects.toMatchObject({ code: 'E_TIMEOUT', message: 'Timed out after 250 ms.' });
  });

  it('aborts the signal it gives the work', async () => {
    let seen: AbortSignal | undefined;
    const result = withTimeout(
      (d) => {
        seen = d.signal;
        return never();
      },
      { timeoutMs: 10 },
      time,
    );
    vi.advanceTimersByTime(10);
    await result.catch(() => undefined);
    expect(seen?.aborted).toBe(true);
  });

  it('reports the deadline instead of the AbortError of a work that noticed it', async () => {
    const result = withTimeout(
      (d) =>
        new Promise((_, reject) =>
          d.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))),
        ),
      { timeoutMs: 10 },
      time,
    );
    vi.advanceTimersByTime(10);
    await expect(result).rejects.toMatchObject({ code: 'E_TIMEOUT' });
  });

  it('returns the value and leaves no timer behind', async () => {
    await expect(withTimeout(() => 'done', { timeoutMs: 1_000 }, time)).resolves.toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes errors through', async () => {
    const error = new Error('boom');
    await expect(withTimeout(() => Promise.reject(error), { timeoutMs: 1_000 }, time)).rejects.toBe(error);
    await expect(
      withTimeout(
        () => {
          throw error;
        },
        {},
        time,
      ),
    ).rejects.toBe(error);
  });

  it('rejects at once under an expired deadline without running the work', async () => {
    const work = vi.fn(() => 'x');
    await expect(withTimeout(work, { timeoutMs: 0 }, time)).rejects.toMatchObject({ code: 'E_TIMEOUT' });
    expect(work).not.toHaveBeenCalled();
  });

  it('rejects with E_CANCELLED when the caller cancels', async () => {
    const controller = new AbortController();
    const result = withTimeout(never, { signal: controller.signal }, time);
    controller.abort(new Error('client went away'));
    await expect(result).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });
});
