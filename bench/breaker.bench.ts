/**
 * Overhead of src/resilience per call: a circuit breaker (with its Prometheus counters), a bulkhead,
 * the whole resilience.run composition and the parallel executor, each against a bare call in the same run.
 * Goal: the breaker adds < 2 µs per call. Measures the compiled dist/ (built by `npm run bench`) when present:
 * under tsx every function expression is wrapped in a naming helper, which inflates sub-µs costs.
 */
import { existsSync } from 'node:fs';
import { Registry } from 'prom-client';
import { systemClock } from '../src/core/deps.js';
import { type BenchReport, type Measurement, opsPerSecond } from './lib.js';

type ResilienceModule = typeof import('../src/resilience/index.js');

async function loadResilience(): Promise<{ mod: ResilienceModule; from: string }> {
  const dist = new URL('../dist/resilience/index.js', import.meta.url);
  if (existsSync(dist)) return { mod: (await import(dist.href)) as ResilienceModule, from: 'dist/ (compiled)' };
  return { mod: await import('../src/resilience/index.js'), from: 'src/ through tsx (no dist/: run `npm run bench`)' };
}

const perCallUs = (opsPerSec: number) => 1e6 / opsPerSec;
const us = (name: string, opsPerSec: number): Measurement => ({
  name,
  value: perCallUs(opsPerSec),
  unit: 'µs/call',
  higherIsBetter: false,
});

export default async function breakerBench(): Promise<BenchReport[]> {
  const { mod, from } = await loadResilience();
  const { createBreakerRegistry, createBulkhead, createResilience, runParallel, systemTimers } = mod;
  const bare = async () => 1;
  const breakers = createBreakerRegistry({ clock: systemClock, metrics: { registry: new Registry() } });
  const breaker = breakers.get('bench:dependency');
  const bulkhead = createBulkhead({ name: 'bench', settings: { maxConcurrent: 10, maxQueue: 0 } });
  const resilience = createResilience({ clock: systemClock, random: Math.random, metrics: { registry: new Registry() } });

  const baseline = us('bare await fn()', await opsPerSecond(bare));
  const viaBreaker = us('breaker.execute(fn)', await opsPerSecond(() => breaker.execute(bare)));
  const viaBulkhead = us('bulkhead.execute(fn)', await opsPerSecond(() => bulkhead.execute(bare)));
  const viaRun = us('resilience.run(dep, fn) (breaker + bulkhead + deadline)', await opsPerSecond(() => resilience.run('bench', bare)));
  const viaRunTimeout = us(
    'resilience.run(dep, fn, { timeoutMs, attemptTimeoutMs })',
    await opsPerSecond(() => resilience.run('bench', bare, { timeoutMs: 5_000, attemptTimeoutMs: 1_000 })),
  );

  const items = Array.from({ length: 1_000 }, (_, i) => i);
  const time = { clock: systemClock, timers: systemTimers };
  const batches = 50;
  let start = performance.now();
  for (let i = 0; i < batches; i++) await Promise.all(items.map(bare));
  const promiseAllUs = ((performance.now() - start) * 1000) / (batches * items.length);
  start = performance.now();
  for (let i = 0; i < batches; i++) await runParallel(items, bare, { concurrency: 16 }, time);
  const parallelUs = ((performance.now() - start) * 1000) / (batches * items.length);

  const added = (m: Measurement) => m.value - baseline.value;
  return [
    {
      title: 'Circuit breaker overhead per call',
      baseline,
      candidates: [viaBreaker],
      goal: { text: '< 2 µs added', check: (_ratio, c) => c.value - baseline.value < 2 },
      notes: [`breaker adds ${added(viaBreaker).toFixed(3)} µs per call (closed state, metrics on); code measured: ${from}`],
    },
    {
      title: 'Bulkhead, composition and executor overhead per call',
      baseline,
      candidates: [viaBulkhead, viaRun, viaRunTimeout],
      notes: [
        `bulkhead adds ${added(viaBulkhead).toFixed(3)} µs; resilience.run adds ${added(viaRun).toFixed(3)} µs, with both timeouts ${added(viaRunTimeout).toFixed(3)} µs`,
        `runParallel (concurrency 16): ${parallelUs.toFixed(3)} µs per task vs Promise.all ${promiseAllUs.toFixed(3)} µs (+${(parallelUs - promiseAllUs).toFixed(3)} µs)`,
      ],
    },
  ];
}
