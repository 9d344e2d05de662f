/**
 * Cost of the policy engine per call: every axiom on and 100 user rules (operation globs, roles, environments,
 * time windows and conditions), against an empty policy (no axioms, no rules) in the same run. Measured twice:
 * with the redactor's patterns as the secret finder, and as served — the crawler's secret rules, the real path
 * guard over a temp root and the real SSRF guard's shape check.
 * Goal: < 50 µs median per evaluation. Measures the compiled dist/ (built by `npm run bench`) when present.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport, Measurement } from './lib.js';

type EngineModule = typeof import('../src/policy/engine.js');
type AxiomsModule = typeof import('../src/policy/axioms/index.js');
type ConfigModule = typeof import('../src/core/config/policy.js');
type SchemaModule = typeof import('../src/policy/rules/rule-schema.js');
type SecretsModule = typeof import('../src/main/policy-secrets.js');
type PathGuardModule = typeof import('../src/security/path-guard.js');
type SsrfGuardModule = typeof import('../src/security/ssrf-guard.js');

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
  const { AXIOMS } = await load<AxiomsModule>('../dist/policy/axioms/index.js', '../src/policy/axioms/index.js');
  const { policySchema } = await load<ConfigModule>('../dist/core/config/policy.js', '../src/core/config/policy.js');
  const { ruleSchema } = await load<SchemaModule>('../dist/policy/rules/rule-schema.js', '../src/policy/rules/rule-schema.js');
  const { crawlerSecretFinder } = await load<SecretsModule>('../dist/main/policy-secrets.js', '../src/main/policy-secrets.js');
  const { createPathGuard } = await load<PathGuardModule>('../dist/security/path-guard.js', '../src/security/path-guard.js');
  const { createSsrfGuard } = await load<SsrfGuardModule>('../dist/security/ssrf-guard.js', '../src/security/ssrf-guard.js');
  const clock = { now: () => Date.now(), monotonic: () => performance.now() };
  const log = { child: () => log, info() {}, warn() {}, error() {}, debug() {} } as never;
  const defaultOff = AXIOMS.filter((a) => !a.defaultOn).map((a) => a.id);
  const allAxioms = policySchema.parse({ axioms: { enable: defaultOff }, limits: { destructivePerHour: 100_000 } });
  const rules = [{ path: 'bench.yaml', rules: hundredRules().map((r) => ruleSchema.parse(r)) }];

  const root = mkdtempSync(join(tmpdir(), 'ce-policy-bench-'));
  mkdirSync(join(root, 'notes'));
  writeFileSync(join(root, 'notes', 'todo.md'), 'x');

  const empty = createPolicyEngine({ settings: policySchema.parse({}), clock, log, axioms: [] });
  const withPatterns = createPolicyEngine({
    settings: allAxioms,
    clock,
    log,
    fileRules: rules,
    ssrfGuard: { checkUrlShape: (u: string) => new URL(u) },
  });
  const asServed = createPolicyEngine({
    settings: allAxioms,
    clock,
    log,
    fileRules: rules,
    secrets: crawlerSecretFinder(),
    pathGuard: createPathGuard({ roots: [root] }),
    ssrfGuard: createSsrfGuard({}),
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
    {
      operation: 'kubernetes_delete_deployment',
      effects: 'destructive' as const,
      input: { namespace: 'shop', name: 'api', environment: 'production' },
    },
    { operation: 'desktop_read_file', effects: 'read' as const, input: { path: 'notes/todo.md' } },
    {
      operation: 'kubernetes_apply_manifest',
      effects: 'write' as const,
      input: {
        namespace: 'shop',
        manifest: {
          kind: 'Deployment',
          metadata: { name: 'api', namespace: 'shop', labels: { app: 'api', tier: 'backend' } },
          spec: {
            replicas: 3,
            template: {
              spec: {
                containers: [
                  {
                    name: 'api',
                    image: 'ghcr.io/acme/api:1.4.2',
                    env: [{ name: 'LOG_LEVEL', value: 'info' }],
                    securityContext: { runAsNonRoot: true },
                  },
                ],
              },
            },
          },
        },
      },
    },
  ].map((c) => ({ ...c, permission: 'x:y', principal, face: 'rest' as const }));

  type Engine = typeof empty;
  const call = (i: number) => calls[i % calls.length] as (typeof calls)[number];
  const engines: Engine[] = [empty, withPatterns, asServed];
  const samples = new Map<Engine, number[]>(engines.map((e) => [e, []]));
  /** Batches of 70 calls (each of the 7 calls 10 times; one evaluation is below the timer's useful resolution), µs per call. */
  const measure = async (engine: Engine, batches: number) => {
    for (let i = 0; i < 2_100; i++) await engine.evaluate(call(i));
    for (let b = 0; b < batches; b++) {
      const start = performance.now();
      for (let i = 0; i < 70; i++) await engine.evaluate(call(i));
      samples.get(engine)?.push(((performance.now() - start) * 1000) / 70);
    }
  };
  // Interleaved rounds, so a noisy neighbour slows every side alike.
  for (let round = 0; round < 5; round++) for (const engine of engines) await measure(engine, 200);
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const median = (engine: Engine) => middle(samples.get(engine) ?? []);
  /** Each call alone, as served: where the time goes (AX-02's realpath is the only filesystem access). */
  const perCall: string[] = [];
  for (const c of calls) {
    const batches: number[] = [];
    for (let b = 0; b < 100; b++) {
      const start = performance.now();
      for (let i = 0; i < 20; i++) await asServed.evaluate(c);
      batches.push(((performance.now() - start) * 1000) / 20);
    }
    perCall.push(`${c.operation} ${middle(batches).toFixed(1)}`);
  }
  rmSync(root, { recursive: true, force: true });

  const us = (name: string, value: number): Measurement => ({ name, value, unit: 'µs/call (median)', higherIsBetter: false });
  const baseline = us('empty policy (no axioms, no rules)', median(empty));
  const patterns = us(`${AXIOMS.length} axioms on + 100 user rules, redactor patterns`, median(withPatterns));
  const served = us(
    `${AXIOMS.length} axioms on + 100 user rules, as served (crawler secret rules, path and SSRF guards)`,
    median(asServed),
  );
  return {
    title: 'Policy evaluation per call',
    baseline,
    candidates: [patterns, served],
    goal: { text: '< 50 µs median', check: (_ratio, c) => c.value < 50 },
    notes: [
      `as served, the engine adds ${(served.value - baseline.value).toFixed(2)} µs per call over an empty policy`,
      `mix of ${calls.length} calls: scale, staging rollout, read, dev delete, production delete (AX-01), desktop read (path guard), manifest apply`,
      `as served, µs per call alone (median): ${perCall.join(', ')}`,
    ],
  };
}
