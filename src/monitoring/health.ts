/**
 * Health checks behind /health/ready and `code-engine doctor`: each names a dependency and proves it answers.
 */

export interface HealthCheck {
  /** Short stable name, e.g. "database", "redis". */
  name: string;
  /** Resolves when healthy; rejects with a message saying what is wrong. */
  check(signal: AbortSignal): Promise<void>;
}

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail';
  durationMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'pass' | 'fail';
  checks: CheckResult[];
}

/** Run checks in parallel, each bounded by `timeoutMs`. */
export async function runHealthChecks(
  checks: readonly HealthCheck[],
  timeoutMs: number,
  now: () => number = performance.now.bind(performance),
): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (c): Promise<CheckResult> => {
      const start = now();
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          c.check(controller.signal),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              controller.abort();
              reject(new Error(`no answer within ${timeoutMs} ms`));
            }, timeoutMs);
          }),
        ]);
        return { name: c.name, status: 'pass', durationMs: Math.round(now() - start) };
      } catch (e) {
        return { name: c.name, status: 'fail', durationMs: Math.round(now() - start), error: e instanceof Error ? e.message : String(e) };
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { status: results.every((r) => r.status === 'pass') ? 'pass' : 'fail', checks: results };
}
