/**
 * Benchmark harness helpers. Every benchmark compares against a named baseline measured in the same run,
 * so results are ratios that mean the same on any machine.
 */
import autocannon from 'autocannon';

export interface Measurement {
  name: string;
  /** Higher is better for throughput units, lower for latency units; `higherIsBetter` says which. */
  value: number;
  unit: string;
  higherIsBetter: boolean;
}

export interface BenchReport {
  /** What is measured, e.g. "GET /health/live throughput". */
  title: string;
  baseline: Measurement;
  candidates: Measurement[];
  /** The goal, stated as a ratio against the baseline (e.g. "≥ 0.8×"), checked when `check` is given. */
  goal?: { text: string; check(ratio: number, candidate: Measurement): boolean };
  notes?: string[];
}

export type Bench = () => Promise<BenchReport | BenchReport[]>;

/** Requests per second (mean) and latency p99 of an HTTP endpoint under load. */
export async function loadTest(
  url: string,
  options: { durationSec?: number; connections?: number; headers?: Record<string, string>; method?: 'GET' | 'POST'; body?: string } = {},
): Promise<{ rps: number; p99Ms: number; errors: number; non2xx: number }> {
  const result = await autocannon({
    url,
    duration: options.durationSec ?? 3,
    connections: options.connections ?? 20,
    pipelining: 1,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.method ? { method: options.method } : {}),
    ...(options.body ? { body: options.body } : {}),
  });
  return { rps: result.requests.average, p99Ms: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** Operations per second of a synchronous or async function, after a warm-up. */
export async function opsPerSecond(fn: () => unknown, options: { minMs?: number; warmup?: number } = {}): Promise<number> {
  for (let i = 0; i < (options.warmup ?? 1000); i++) await fn();
  const minMs = options.minMs ?? 1000;
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 1000; i++) await fn();
    iterations += 1000;
    elapsed = performance.now() - start;
  }
  return (iterations / elapsed) * 1000;
}

/** Same as opsPerSecond for a purely synchronous function (no await per call, so sub-µs costs are visible). */
export function opsPerSecondSync(fn: () => unknown, options: { minMs?: number; warmup?: number } = {}): number {
  for (let i = 0; i < (options.warmup ?? 10_000); i++) fn();
  const minMs = options.minMs ?? 1000;
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 10_000; i++) fn();
    iterations += 10_000;
    elapsed = performance.now() - start;
  }
  return (iterations / elapsed) * 1000;
}

/** candidate / baseline, oriented so that > 1 means "better than the baseline". */
export function ratio(candidate: Measurement, baseline: Measurement): number {
  return candidate.higherIsBetter ? candidate.value / baseline.value : baseline.value / candidate.value;
}
