/**
 * Builds the policy engine from config and services: rule files read once at start, rules and axiom switches in
 * the database, the crawler's secret rules, the path and SSRF guards, and AX-20's hourly counter on the shared
 * rate-limit store (Redis when configured). Also the `policy` tool server over it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RateLimiter } from '../auth/rate-limit/rate-limiter.js';
import type { Config } from '../core/config/schema.js';
import type { Deps } from '../core/deps.js';
import { AppError, isAppError } from '../core/errors.js';
import type { Database } from '../db/database.js';
import type { ToolServer } from '../gateway/operation.js';
import type { Registry } from '../gateway/registry.js';
import { createPolicyEngine, type PolicyEngine, type PolicyEngineOptions } from '../policy/engine.js';
import { createMemoryCounter } from '../policy/memory-counter.js';
import { policyToolServer } from '../policy/operations/index.js';
import { parseRuleFile } from '../policy/rules/rule-file.js';
import type { Rule } from '../policy/rules/rule-schema.js';
import { createPolicyStore } from '../policy/store/policy-store.js';
import type { PolicyCounter } from '../policy/types.js';
import { crawlerSecretFinder } from './policy-secrets.js';
import type { Services } from './services.js';

/** The engine and its tool server. */
export interface PolicyRuntime {
  engine: PolicyEngine;
  server: ToolServer;
  /** An engine over the same settings and guards holding only `rules` (rule-file tests). */
  testEngine(rules: readonly Rule[]): PolicyEngine;
}

/**
 * AX-20's counter on the rate limiter: "N per hour" is a token bucket of capacity 60·N refilled at N tokens a
 * minute, where one call costs 60 tokens — N calls at once, then one every 60/N minutes.
 */
export function rateLimiterCounter(limiter: Pick<RateLimiter, 'consume'>): PolicyCounter {
  const bucket = (perHour: number) => ({ perMinute: perHour, burst: perHour * 60 });
  return {
    async remaining(key, perHour) {
      const d = await limiter.consume(key, 0, bucket(perHour));
      return Math.floor(d.remaining / 60);
    },
    // One consume checks and takes atomically (a Lua script on Redis), so concurrent calls cannot overdraw.
    async take(key, perHour) {
      return (await limiter.consume(key, 60, bucket(perHour))).allowed;
    },
  };
}

/** Read and validate the configured rule files; a bad file stops the start with E_CONFIG. */
export function readRuleFiles(paths: readonly string[], cwd: string): Array<{ path: string; rules: Rule[] }> {
  return paths.map((p) => {
    const path = resolve(cwd, p);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new AppError('E_CONFIG', `policy.rulesFiles: cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? cause}.`, {
        cause,
      });
    }
    try {
      return { path, rules: parseRuleFile(text, path).rules };
    } catch (e) {
      if (isAppError(e))
        throw new AppError('E_CONFIG', `policy.rulesFiles: ${e.message}`, { cause: e, ...(e.issues ? { issues: e.issues } : {}) });
      throw e;
    }
  });
}

export interface PolicyRuntimeBase {
  deps: Deps;
  config: Config;
  db: Database;
  services: Pick<Services, 'security' | 'rateLimiter'>;
  registry: Registry;
  /** Directory rule file paths are relative to. */
  cwd: string;
}

/**
 * @example const policy = createPolicyRuntime({ deps, config, db, services, registry, cwd: process.cwd() })
 */
export function createPolicyRuntime(base: PolicyRuntimeBase): PolicyRuntime {
  const { deps, config, services } = base;
  const shared: Omit<PolicyEngineOptions, 'fileRules' | 'store' | 'counter'> = {
    settings: config.policy,
    clock: deps.clock,
    log: deps.log,
    pathGuard: services.security.pathGuard,
    ssrfGuard: services.security.ssrfGuard,
    secrets: crawlerSecretFinder(),
  };
  const engine = createPolicyEngine({
    ...shared,
    fileRules: readRuleFiles(config.policy.rulesFiles, base.cwd),
    store: createPolicyStore(base.db, deps.clock, deps.ids),
    counter: rateLimiterCounter(services.rateLimiter),
  });
  // Rule-file tests never touch the real counters or the stored rules.
  const testEngine = (rules: readonly Rule[]) =>
    createPolicyEngine({ ...shared, fileRules: [{ path: 'document', rules }], counter: createMemoryCounter(deps.clock) });
  const server = policyToolServer({ engine, lookup: (name) => base.registry.get(name), clock: deps.clock, testEngine });
  return { engine, server, testEngine };
}
