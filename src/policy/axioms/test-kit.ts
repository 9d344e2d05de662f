/**
 * Test support for axiom tests (imported only by *.test.ts): run one axiom, alone, over an example call through a
 * real engine, with a fixed clock and the real path and SSRF guards.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../auth/principal.js';
import { policySchema } from '../../core/config/policy.js';
import type { Clock } from '../../core/deps.js';
import { createLogger } from '../../core/logger.js';
import { createPathGuard } from '../../security/path-guard.js';
import { createSsrfGuard } from '../../security/ssrf-guard.js';
import { createPolicyEngine, type PolicyEngine } from '../engine.js';
import { ruleSchema } from '../rules/rule-schema.js';
import type { Axiom, AxiomExample, PolicyCounter, PolicyFacts, SecretFinder } from '../types.js';
import { AXIOMS } from './index.js';

/** 2026-01-07T10:00:00Z, a Wednesday morning. */
export const DEFAULT_AT = Date.parse('2026-01-07T10:00:00Z');

/** A root directory for AX-02 with a `notes/` folder in it. */
const root = mkdtempSync(join(tmpdir(), 'ce-policy-'));
mkdirSync(join(root, 'notes'));
const pathGuard = createPathGuard({ roots: [root] });
const ssrfGuard = createSsrfGuard({ lookup: async () => [{ address: '93.184.216.34', family: 4 }] });
export const silentLog = createLogger({ level: 'silent', format: 'json', stream: { write: () => undefined } });

/** The allowlisted root of the test path guard. */
export const TEST_ROOT = root;

/** A fixed, settable clock. */
export function fixedClock(at = DEFAULT_AT): Clock & { set(ms: number): void } {
  let now = at;
  return {
    now: () => now,
    monotonic: () => now,
    set(ms) {
      now = ms;
    },
  };
}

/** The caller of an example. */
export function examplePrincipal(example: Pick<AxiomExample, 'roles' | 'principalType' | 'mfaAgeMinutes' | 'at'>): Principal {
  const at = example.at ? Date.parse(example.at) : DEFAULT_AT;
  return {
    id: 'p-1',
    type: example.principalType ?? 'user',
    name: 'pat',
    roles: example.roles ?? ['operator'],
    ...(example.mfaAgeMinutes !== undefined ? { mfaVerifiedAt: at - example.mfaAgeMinutes * 60_000 } : {}),
  };
}

export interface KitOptions {
  secrets?: SecretFinder;
  counter?: PolicyCounter;
  facts?: PolicyFacts;
  /** Extra user rules (e.g. an allow rule for AX-22). */
  rules?: unknown[];
}

/** An engine with only `axiom` on (whatever its default; the others off), over the example's settings. */
export function engineFor(axiom: Axiom, example: Pick<AxiomExample, 'settings' | 'at'>, options: KitOptions = {}): PolicyEngine {
  const others = AXIOMS.filter((a) => a.id !== axiom.id).map((a) => a.id);
  const settings = policySchema.parse({ ...example.settings, axioms: { enable: [axiom.id], disable: others } });
  return createPolicyEngine({
    settings,
    clock: fixedClock(example.at ? Date.parse(example.at) : DEFAULT_AT),
    log: silentLog,
    fileRules: options.rules ? [{ path: 'test', rules: options.rules.map((r) => ruleSchema.parse(r)) }] : [],
    pathGuard,
    ssrfGuard,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.counter ? { counter: options.counter } : {}),
    ...(options.facts ? { facts: options.facts } : {}),
  });
}

/** The axiom by id. */
export function axiom(id: string): Axiom {
  const found = AXIOMS.find((a) => a.id === id);
  if (!found) throw new Error(`no axiom ${id}`);
  return found;
}

/**
 * Run axiom `id` over a call and return its match (undefined when it did not fire).
 * @example expect(await fire('AX-10', { operation: 'x_deploy', effects: 'write', arguments: { image: 'a' } })).toBeDefined()
 */
export async function fire(id: string, call: AxiomExample, options: KitOptions = {}) {
  const ax = axiom(id);
  const engine = engineFor(ax, call, options);
  const explanation = await engine.explain({
    operation: call.operation,
    effects: call.effects,
    input: call.arguments,
    principal: examplePrincipal(call),
    ...(call.environment ? { environment: call.environment } : {}),
    at: call.at ? Date.parse(call.at) : DEFAULT_AT,
  });
  return explanation.matched.find((m) => m.id === id);
}

/** Run an output axiom over `output`: the output as it leaves the gateway. */
export async function inspect(id: string, call: AxiomExample, output: unknown, options: KitOptions = {}): Promise<unknown> {
  const engine = engineFor(axiom(id), call, options);
  return engine.inspectOutput(
    {
      operation: call.operation,
      effects: call.effects,
      permission: 'x:y',
      input: call.arguments,
      principal: examplePrincipal(call),
      face: 'rest',
    },
    output,
  );
}
