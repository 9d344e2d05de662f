/**
 * Cost of the policy engine per call: every axiom on and 100 user rules (operation globs, roles, environments,
 * time windows and conditions), against an empty policy (no axioms, no rules) in the same run.
 * Goal: < 50 µs median per evaluation. Measures the compiled dist/ (built by `npm run bench`) when present.
 */
import { existsSync } from 'node:fs';
import type { BenchReport, Measurement } from './lib.js';

type EngineModule = typeof import('../src/policy/engine.js');
type ConfigModule = typeof import('../src/core/config/policy.js');
type SchemaModule = typeof import('../src/policy/rules/rule-schema.js');

async function load<T>(dist: string, src: string): Promise<T> {
  const url = new URL(dist, import.meta.url);
  return (existsSync(url) ? await import(url.href) : await import(src)) as T;
}

/** 100 rules of the kinds people write: most concern a few operations, some every call. */
function hundredRules(): unknown[] {
  const verbs = ['deploy', 'kubernetes', 'docker', 'desktop', 'git', 'monitoring', 'crawler', 'experts', 'system', 'resilience'];
  return Array.from({ length: 100 }, (_, i) => {
    const verb = verbs[i % verbs.length];
    const effect = (['deny', 'require_approval', 'allow', 'redact'] as const)[i % 4];
    const match: Record<string, unknown> = { operations: i % 10 === 0 ? ['*'] : [`${verb}_*`] };
    if (i % 3 === 0) match.roles = ['operator', 'ci-*'];
    if (i % 5 === 0) match.environments = ['prod-*', 'staging'];
    if (i % 7 === 0) match.time = { timezone: 'Europe/Berlin', days: ['sat', 'sun'] };
    if (i % 2 === 0) match.when = `args.replicas > ${20 + i} && startsWith(args.namespace, "team-${i}")`;
    return { id: `rule-${i}`, effect, reason: `rule ${i}`, match, ...(effect === 'redact' ? { redact: ['token'] } : {}) };
  });
}

export default async function policyBench(): Promise<BenchReport> {
  const { createPolicyEngine } = await load<EngineModule>('../dist/policy/engine.js', '../src/policy/engine.js');
  const { policySchema } = await load<ConfigModule>('../dist/core/config/policy.js', '../src/core/config/policy.js');
  const { ruleSchema } = await load<SchemaModule>('../dist/policy/rules/rule-schema.js', '../src/policy/rules/rule-schema.js');
  const clock = { now: () => Date.now(), monotonic: () => performance.now() };
  const log = { child: () => log, info() {}, warn() {}, error() {}, debug() {} } as never;
  const allAxioms = policySchema.parse({ axioms: { enable: ['AX-26', 'AX-27'] }, limits: { destructivePerHour: 100_000 } });

  const empty = createPolicyEngine({ settings: policySchema.parse({}), clock, log, axioms: [] });
  const full = createPolicyEngine({
    settings: allAxioms,
    clock,
    log,
    fileRules: [{ path: 'bench.yaml', rules: hundredRules().map((r) => ruleSchema.parse(r)) }],
    ssrfGuard: { checkUrlShape: (u: string) => new URL(u) },
  });

  const principal = { id: 'u-1', type: 'user' as const, name: 'alice', roles: ['operator'] };
  const calls = [
    { operation: 'kubernetes_scale_deployment', effects: 'write' as const, input: { namespace: 'team-4-api', name: 'api', replicas: 3 } },
    {
      operation: 'deploy_rollout',
      effects: 'write' as const,
      input: { environment: 'staging', image: 'ghcr.io/acme/api:1.4.2', replicas: 4 },
    },
    { operation: 'system_version', effects: 'read' as const, input: {} },
    { operation: 'docker_remove_container', effects: 'destructive' as const, input: { name: 'old', environment: 'dev' } },
  ].map((c) => ({ ...c, permission: 'x:y', principal, face: 'rest' as const }));

  const call = (i: number) => calls[i % calls.length] as (typeof calls)[number];
  const samples = new Map<typeof full, number[]>([
    [empty, []],
    [full, []],
  ]);
  /** Batches of 100 calls (one evaluation is below the timer's useful resolution), µs per call. */
  const measure = async (engine: typeof full, batches: number) => {
    for (let i = 0; i < 2_000; i++) await engine.evaluate(call(i));
    for (let b = 0; b < batches; b++) {
      const start = performance.now();
      for (let i = 0; i < 100; i++) await engine.evaluate(call(i));
      samples.get(engine)?.push(((performance.now() - start) * 1000) / 100);
    }
  };
  // Interleaved rounds, so a noisy neighbour slows both sides alike.
  for (let round = 0; round < 5; round++) {
    await measure(empty, 200);
    await measure(full, 200);
  }
  const median = (engine: typeof full) => {
    const sorted = [...(samples.get(engine) ?? [])].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };

  const us = (name: string, value: number): Measurement => ({ name, value, unit: 'µs/call (median)', higherIsBetter: false });
  const baseline = us('empty policy (no axioms, no rules)', median(empty));
  const candidate = us('27 axioms on + 100 user rules', median(full));
  return {
    title: 'Policy evaluation per call',
    baseline,
    candidates: [candidate],
    goal: { text: '< 50 µs median', check: (_ratio, c) => c.value < 50 },
    notes: [
      `the engine adds ${(candidate.value - baseline.value).toFixed(2)} µs per call over an empty policy (mix of 4 calls: scale, rollout, read, delete)`,
    ],
  };
}
